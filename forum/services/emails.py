"""E-mail for members who are away: what they have not read, gathered per thread or chat
conversation, and a weekly digest of their feed.

Each e-mail is in the member's language, shows each writer's region tag and each title's
translation beside the original, and carries a one-click unsubscribe (RFC 8058) and a link
to the settings. Both jobs run in the worker, on the beat (halfway/settings/base.py).
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import Exists, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import Member
from accounts.selectors import reachable_by_email
from accounts.services import send_email_later
from chat.models import Conversation, Message, Participant
from chat.selectors import blocked_either_way
from core.markup import html_to_text
from forum.feed import digest_threads
from forum.models import AwayEmail, Notification, NotificationSettings, Thread, ThreadRead
from translation.services import target_for, translate_now

Kind = Notification.Kind
# What reaches a member who is away: what was written to them.
EMAILED_KINDS = (Kind.REPLY, Kind.QUOTE, Kind.MENTION)
# Nothing older is e-mailed: a member who turns e-mail on gets no backlog of weeks.
OLDEST = datetime.timedelta(days=2)
WEEK = datetime.timedelta(days=7)
DIGEST_THREADS = 8
DIGESTS_PER_RUN = 500  # the hourly job's share; the rest wait for the next hour
EXCERPT_CHARACTERS = 280

AWAY, DIGEST = "away", "digest"
STREAMS = (AWAY, DIGEST)
UNSUBSCRIBE_SALT = "forum.emails.unsubscribe"


@dataclass
class Item:
    """One post or message in an e-mail."""

    pk: int
    author: Member
    region_code: str
    excerpt: str
    url: str
    kind: str  # reply, quote, mention, message


@dataclass
class Unread:
    """What one member has not read in one thread or conversation."""

    member: Member
    thread: Thread | None = None
    conversation: Conversation | None = None
    covered_through: int = 0  # what the last e-mail about it covered
    last_sent: datetime.datetime | None = None
    oldest: datetime.datetime | None = None
    items: list[Item] = field(default_factory=list)

    def add(self, item: Item, created_at: datetime.datetime) -> None:
        if all(known.pk != item.pk for known in self.items):
            self.items.append(item)
            self.oldest = min(self.oldest or created_at, created_at)


def _excerpt(html: str) -> str:
    text = " ".join(html_to_text(html).split())
    if len(text) <= EXCERPT_CHARACTERS:
        return text
    return text[: EXCERPT_CHARACTERS - 1].rstrip() + "…"


def _absolute(path: str) -> str:
    return settings.SITE_URL + path


def _away_members() -> QuerySet[Member]:
    opted_out = NotificationSettings.objects.filter(member=OuterRef("pk"), email_away=False)
    return reachable_by_email().exclude(Exists(opted_out))


def _unread_in_threads(now: datetime.datetime) -> list[Unread]:
    """Replies, quotes and mentions not read (neither the notice nor the post in its thread)
    and not in an e-mail yet, gathered per member and thread."""
    emailed = AwayEmail.objects.filter(
        member=OuterRef("recipient"), thread=OuterRef("post__thread")
    )
    seen = ThreadRead.objects.filter(
        member=OuterRef("recipient"),
        thread=OuterRef("post__thread"),
        last_read_number__gte=OuterRef("post__number"),
    )
    notices = (
        Notification.objects.filter(
            kind__in=EMAILED_KINDS,
            read_at=None,
            created_at__gte=now - OLDEST,
            created_at__lte=now,
            recipient__in=_away_members(),
            post__deleted_at=None,
            post__hidden_at=None,
            post__held_at=None,
            post__thread__deleted_at=None,
            post__thread__held_at=None,
        )
        .annotate(
            covered=Coalesce(Subquery(emailed.values("covered_through")[:1]), 0),
            last_sent=Subquery(emailed.values("sent_at")[:1]),
        )
        .filter(post_id__gt=F("covered"))
        .exclude(Exists(seen))
        .select_related("recipient", "actor", "post__thread")
        .order_by("post_id")
    )
    gathered: dict[tuple[int, int], Unread] = {}
    for notice in notices:
        post = notice.post
        unread = gathered.setdefault(
            (notice.recipient_id, post.thread_id),
            Unread(
                notice.recipient,
                thread=post.thread,
                covered_through=notice.covered,
                last_sent=notice.last_sent,
            ),
        )
        item = Item(
            pk=post.pk,
            author=notice.actor,
            region_code=post.region_code,
            excerpt=_excerpt(post.body_html),
            url=_absolute(post.get_absolute_url()),
            kind=notice.kind,
        )
        unread.add(item, notice.created_at)
    return list(gathered.values())


def _unread_in_chats(now: datetime.datetime) -> list[Unread]:
    """Chat messages past a member's read position and not in an e-mail yet, gathered per
    member and conversation. Message requests wait in Requests; they are not e-mailed."""
    emailed = AwayEmail.objects.filter(
        member=OuterRef("member"), conversation=OuterRef("conversation")
    )
    places = list(
        Participant.objects.filter(
            state=Participant.State.ACTIVE,
            member__in=_away_members(),
            conversation__last_message_at__gte=now - OLDEST,
            conversation__last_message_id__gt=F("last_read_message_id"),
        )
        .annotate(
            covered=Coalesce(Subquery(emailed.values("covered_through")[:1]), 0),
            last_sent=Subquery(emailed.values("sent_at")[:1]),
        )
        .select_related("member", "conversation")
    )
    messages: dict[int, list[Message]] = defaultdict(list)
    for message in (
        Message.objects.filter(
            conversation_id__in={place.conversation_id for place in places},
            created_at__gte=now - OLDEST,
            created_at__lte=now,
        )
        .select_related("author")
        .order_by("pk")
    ):
        messages[message.conversation_id].append(message)
    gathered = []
    for place in places:
        unread = Unread(
            place.member,
            conversation=place.conversation,
            covered_through=place.covered,
            last_sent=place.last_sent,
        )
        url = _absolute(place.conversation.get_absolute_url())
        after = max(place.last_read_message_id, place.covered)
        for message in messages[place.conversation_id]:
            if message.pk > after and message.author_id != place.member_id:
                item = Item(
                    pk=message.pk,
                    author=message.author,
                    region_code=message.region_code,
                    excerpt=_excerpt(message.body_html),
                    url=f"{url}#{message.element_id}",
                    kind="message",
                )
                unread.add(item, message.created_at)
        if unread.items:
            gathered.append(unread)
    return gathered


def send_away_emails(now: datetime.datetime | None = None) -> int:
    """E-mail each member what they have not read AWAY_EMAIL_DELAY_MINUTES after it came:
    one e-mail per thread or conversation, holding everything unread in it by then, and no
    second one about it within the same delay. Returns how many were sent. Safe to run at
    once in two workers: each e-mail is claimed before it is sent."""
    now = now or timezone.now()
    delay = datetime.timedelta(minutes=settings.AWAY_EMAIL_DELAY_MINUTES)
    sent = 0
    for unread in [*_unread_in_threads(now), *_unread_in_chats(now)]:
        if unread.oldest > now - delay:
            continue  # the member may still read it
        if unread.last_sent is not None and unread.last_sent > now - delay:
            continue  # one e-mail per window; the next one gathers what came since
        through = max(item.pk for item in unread.items)
        authors = {item.author.pk for item in unread.items}
        # What a member blocked since (or who blocked them) is passed over, not kept for later.
        muted = blocked_either_way(unread.member.pk, authors)
        unread.items = [item for item in unread.items if item.author.pk not in muted]
        with transaction.atomic():
            if _claim(unread, through, now) and unread.items:
                _send_unread(unread)
                sent += 1
    return sent


def _claim(unread: Unread, through: int, now: datetime.datetime) -> bool:
    """Record the e-mail about to be sent (covering up to `through`), unless another worker
    just did."""
    about = (
        {"thread": unread.thread}
        if unread.thread is not None
        else {"conversation": unread.conversation}
    )
    existing = AwayEmail.objects.filter(member=unread.member, **about)
    if unread.last_sent is not None:
        claimed = existing.filter(covered_through=unread.covered_through).update(
            covered_through=through, sent_at=now
        )
        return claimed == 1
    try:
        with transaction.atomic():
            AwayEmail.objects.create(
                member=unread.member, covered_through=through, sent_at=now, **about
            )
    except IntegrityError:
        return False
    return True


def _send_unread(unread: Unread) -> None:
    member = unread.member
    with translation.override(_language_of(member)):
        count = len(unread.items)
        if unread.thread is not None:
            title = _titles_for(member, [unread.thread])[unread.thread.pk]
            first = unread.items[0]
            if count > 1:
                subject = ngettext(
                    "%(count)d new post for you in “%(title)s”",
                    "%(count)d new posts for you in “%(title)s”",
                    count,
                )
            elif first.kind == Kind.MENTION:
                subject = _("%(name)s mentioned you in “%(title)s”")
            elif first.kind == Kind.QUOTE:
                subject = _("%(name)s quoted you in “%(title)s”")
            else:
                subject = _("%(name)s replied to “%(title)s”")
            subject %= {"name": first.author.name, "title": title, "count": count}
        else:
            conversation = unread.conversation
            title = conversation.title
            if conversation.kind == Conversation.Kind.GROUP:
                subject = ngettext(
                    "%(count)d new message in %(title)s",
                    "%(count)d new messages in %(title)s",
                    count,
                ) % {"count": count, "title": title}
            else:
                subject = ngettext(
                    "%(count)d new message from %(name)s",
                    "%(count)d new messages from %(name)s",
                    count,
                ) % {"count": count, "name": unread.items[0].author.name}
        context = {"unread": unread, "title": title, "items": unread.items}
        _send(member, AWAY, subject, "forum/email/away", context)


def send_weekly_digests(now: datetime.datetime | None = None) -> int:
    """E-mail each member who takes the digest and has not opened a thread this week, a week
    after their last digest, the week's most replied-to threads in their feed. Titles come in
    the member's language beside the originals: from the shared translation cache, else made
    now within the site's limit (EMAIL_TRANSLATION_LIMIT). Returns how many were sent; safe to
    run at once in two workers (each member's week is claimed)."""
    now = now or timezone.now()
    week_ago = now - WEEK
    done_or_declined = NotificationSettings.objects.filter(member=OuterRef("pk")).filter(
        Q(email_digest=False) | Q(digest_until__gt=week_ago)
    )
    # A member who opened a thread this week was here: the digest is for those away.
    visited = ThreadRead.objects.filter(member=OuterRef("pk"), read_at__gt=week_ago)
    members = (
        reachable_by_email()
        .filter(date_joined__lte=week_ago)
        .exclude(Exists(done_or_declined))
        .exclude(Exists(visited))
        .order_by("pk")[:DIGESTS_PER_RUN]
    )
    sent = 0
    for member in members:
        chosen, _created = NotificationSettings.objects.get_or_create(member=member)
        claimed = NotificationSettings.objects.filter(
            pk=chosen.pk, email_digest=True, digest_until=chosen.digest_until
        ).update(digest_until=now)
        if not claimed:
            continue
        since = max(chosen.digest_until or week_ago, week_ago)
        threads = digest_threads(member, since=since, limit=DIGEST_THREADS)
        if threads:
            _send_digest(member, threads)
            sent += 1
    return sent


def _send_digest(member: Member, threads: list[Thread]) -> None:
    with translation.override(_language_of(member)):
        titles = _titles_for(member, threads)
        for thread in threads:
            thread.digest_title = titles[thread.pk]
            thread.url = _absolute(thread.get_absolute_url())
        subject = _("This week on Halfway: %(title)s") % {"title": titles[threads[0].pk]}
        _send(member, DIGEST, subject, "forum/email/digest", {"threads": threads})


def _titles_for(member: Member, threads: list[Thread]) -> dict[int, str]:
    """Each thread's title, with its translation into the member's language beside it; each
    thread's `translated_title` set ("" when none) for the HTML to show under the title."""
    target = target_for(member)
    texts = {thread.pk: (escape(thread.title), thread.language) for thread in threads}
    translated = translate_now(texts, target, limit=settings.EMAIL_TRANSLATION_LIMIT)
    titles = {}
    for thread in threads:
        thread.translated_title = html_to_text(translated.get(thread.pk, "")).strip()
        titles[thread.pk] = thread.title
        if thread.translated_title:
            titles[thread.pk] = _("%(title)s (%(translated)s)") % {
                "title": thread.title,
                "translated": thread.translated_title,
            }
    return titles


def _language_of(member: Member) -> str:
    return member.preferred_language or settings.LANGUAGE_CODE


def _send(member: Member, stream: str, subject: str, template: str, context: dict) -> None:
    unsubscribe_url = _absolute(
        reverse("forum:unsubscribe", args=[unsubscribe_token(member, stream)])
    )
    context = {
        **context,
        "member": member,
        "stream": stream,
        "site_url": settings.SITE_URL,
        "unsubscribe_url": unsubscribe_url,
        "settings_url": _absolute(reverse("forum:notification-settings")),
    }
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"{template}.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[member.email],
        headers={
            # RFC 2369 and RFC 8058: mail programs offer "Unsubscribe", which posts
            # "List-Unsubscribe=One-Click" to the link, with no cookie and no page.
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    message.attach_alternative(render_to_string(f"{template}.html", context), "text/html")
    send_email_later(message)


def unsubscribe_token(member: Member, stream: str) -> str:
    """The link's proof: signed, so only the member's own e-mails carry it."""
    return signing.Signer(salt=UNSUBSCRIBE_SALT).sign_object([member.pk, stream])


def email_stream(token: str) -> tuple[Member, str] | None:
    """The member and the e-mails (AWAY or DIGEST) a link is for, or None for a bad link."""
    try:
        member_id, stream = signing.Signer(salt=UNSUBSCRIBE_SALT).unsign_object(token)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    if stream not in STREAMS or not isinstance(member_id, int):
        return None
    member = Member.objects.filter(pk=member_id).first()
    return (member, stream) if member is not None else None


def unsubscribe(*, member: Member, stream: str) -> None:
    """Stop these e-mails (the settings page turns them on again)."""
    field_name = "email_away" if stream == AWAY else "email_digest"
    NotificationSettings.objects.update_or_create(member=member, defaults={field_name: False})
