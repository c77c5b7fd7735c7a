"""Writes to members: profiles, avatars, language, sign-ins."""

import hashlib
from collections.abc import Callable, Iterable

from django.core.mail import EmailMessage
from django.db import transaction

from accounts import tasks
from accounts.models import Draft, Interest, Member, MemberFollow
from accounts.selectors import DRAFT_KEYS, draft_keys
from core import caching
from core.images import reencode_image
from core.markup import render_markdown
from core.queueing import enqueue
from regions.names import UNKNOWN_REGION
from translation.detection import detect_language

AVATAR_SIDE = 400


def update_profile(
    *,
    member: Member,
    display_name: str,
    bio: str,
    languages_spoken: list[str],
    languages_learning: list[str],
    interests: Iterable[Interest],
) -> Member:
    """Save the profile fields a member edits in settings."""
    changes = {
        "display_name": display_name.strip(),
        "bio": bio,
        # Rendered and detected outside the transaction, which stays short.
        "bio_html": render_markdown(bio),
        "bio_language": detect_language(bio).code,
        "languages_spoken": list(dict.fromkeys(languages_spoken)),
        "languages_learning": [
            code for code in dict.fromkeys(languages_learning) if code not in languages_spoken
        ],
    }
    with transaction.atomic():
        for field, value in changes.items():
            setattr(member, field, value)
        member.save(update_fields=list(changes))
        member.interests.set(interests)  # shown once the save's change commits
    return member


def change_avatar(*, member: Member, upload) -> Member:
    """Replace the member's avatar with a validated, re-encoded square image; raise
    ValidationError (and change nothing) when the upload is not a usable image."""
    processed = reencode_image(upload, max_side=AVATAR_SIDE, square=True)
    content = processed.file.read()
    processed.file.seek(0)
    # A content-addressed name lets the file be cached forever and changes when it changes.
    name = f"{member.pk}-{hashlib.sha256(content).hexdigest()[:16]}.webp"
    previous = member.avatar.name if member.avatar else None
    with transaction.atomic():
        member.avatar.save(name, processed.file, save=False)
        member.save(update_fields=["avatar"])
        if previous and previous != member.avatar.name:
            storage = member.avatar.storage
            transaction.on_commit(lambda: storage.delete(previous))
    return member


def remove_avatar(*, member: Member) -> Member:
    if not member.avatar:
        return member
    previous, storage = member.avatar.name, member.avatar.storage
    with transaction.atomic():
        member.avatar = ""
        member.save(update_fields=["avatar"])
        transaction.on_commit(lambda: storage.delete(previous))
    return member


def _set(member: Member, field: str, value) -> Member:
    """Save one of the member's own settings; no write when unchanged."""
    if getattr(member, field) != value:
        setattr(member, field, value)
        member.save(update_fields=[field])
    return member


def set_preferred_language(*, member: Member, language: str) -> Member:
    """Set the interface (and, later, translation) language."""
    if language not in Member.Language.values:
        raise ValueError(language)
    return _set(member, "preferred_language", language)


def set_always_translate(*, member: Member, always: bool) -> Member:
    return _set(member, "always_translate", always)


def set_open_to_exchange(*, member: Member, open_to_exchange: bool) -> Member:
    """Opt in to (or out of) language exchange suggestions, both ways."""
    return _set(member, "open_to_exchange", open_to_exchange)


def set_theme(*, member: Member, theme: str) -> Member:
    """Light or dark pages, or as the member's device asks (Member.Theme). The saved row is
    forgotten by the member cache, so the next page shows it."""
    if theme not in Member.Theme.values:
        raise ValueError(theme)
    return _set(member, "theme", theme)


def record_sign_in(*, member: Member, region_code: str | None) -> None:
    """Remember the country of the latest sign-in (shown as the profile's region tag)."""
    code = region_code or ""
    if code and code != UNKNOWN_REGION and member.region_code != code:
        Member.objects.filter(pk=member.pk).update(region_code=code)
        member.region_code = code


def start_membership(*, member: Member, language: str | None, region_code: str | None) -> None:
    """Finish a sign-up: the language the newcomer browsed in becomes their preference."""
    updates = {}
    if language in Member.Language.values:
        updates["preferred_language"] = language
    if region_code and region_code != UNKNOWN_REGION:
        updates["region_code"] = region_code
    if updates:
        Member.objects.filter(pk=member.pk).update(**updates)
        for field, value in updates.items():
            setattr(member, field, value)


def send_email_later(
    message: EmailMessage, *, when_refused: Callable[[], None] | None = None
) -> None:
    """Hand a rendered email to the worker once the surrounding transaction commits.

    `when_refused` is called if the broker would not take it, so the caller can tell the
    member the email is not on its way (outside a transaction, before this returns).
    """
    html = next(
        (
            content
            for content, mimetype in getattr(message, "alternatives", [])
            if mimetype == "text/html"
        ),
        None,
    )
    fields = {
        "subject": str(message.subject),
        "body": message.body,
        "html": html,
        "from_email": message.from_email,
        "to": list(message.to),
        "headers": dict(message.extra_headers),
    }

    # With the broker down the email is not sent; "send it again" works once it is back.
    def hand_over() -> None:
        if not enqueue(tasks.deliver_email, **fields) and when_refused is not None:
            when_refused()

    transaction.on_commit(hand_over)


def set_follow(*, follower: Member, member: Member, follow: bool) -> bool:
    """`follower` follows `member` (or no longer does); True when a follow was added. Who
    may follow whom, and telling the followed member, are the forum's (forum.services)."""
    if not follow:
        MemberFollow.objects.filter(follower=follower, followed=member).delete()
        return False
    return MemberFollow.objects.get_or_create(follower=follower, followed=member)[1]


def save_draft(*, member: Member, key: str, title: str = "", body: str = "") -> None:
    """Keep what the member is writing under `key`; nothing written: no draft."""
    if not title.strip() and not body.strip():
        discard_draft(member=member, key=key)
        return
    _draft, created = Draft.objects.update_or_create(
        member=member, key=key, defaults={"title": title, "body": body}
    )
    if created:
        caching.changed_for_members(DRAFT_KEYS, [member.pk])


def discard_draft(*, member: Member, key: str) -> None:
    """The text was posted (or emptied): its draft goes. (Most posts had none: the member's
    draft keys, read with the request, say so without a query.)"""
    if key in draft_keys(member) and Draft.objects.filter(member=member, key=key).delete()[0]:
        caching.changed_for_members(DRAFT_KEYS, [member.pk])
