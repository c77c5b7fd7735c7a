"""What a post or a message must pass before it is written: watched words, the limits for
new members, and posting rates for everyone.

Plain functions that services call before their transaction; a refusal is a
ValidationError with a localized message naming the limit, so the form that sent the text
shows it again with the text kept (a PermissionDenied would lose it).
"""

import re
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.ratelimits import seconds_to_wait, within_limit
from forum.mentions import mentioned_usernames
from forum.models import Post
from forum.permissions import is_site_moderator
from forum.signals import Verdict
from moderation.models import WatchedWord

HOLD_NEW_MEMBER_LINKS = "new_member_links"
HOLD_WATCHED_WORD = "watched_word"

WATCHED_WORDS_CACHE_KEY = "moderation:watched-words"
# Changes through moderation.watched_words clear it at once; the timeout bounds how long a
# change made any other way (the admin, a shell) takes to reach every process.
WATCHED_WORDS_CACHE_SECONDS = 600

DAY = 24 * 3600
HOUR = 3600

# Scripts Chinese (and its neighbours) is written in without spaces between words: a
# watched word in them matches anywhere, as a substring.
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af"
_HAS_CJK = re.compile(f"[{_CJK}]")
# A letter or digit of a spaced script: a Latin word's boundary is anything else, so
# "spam" matches in "spam!" and in "我爱spam", not in "spammer".
_SPACED_WORD_CHAR = f"[^\\W{_CJK}]"
# Addresses in the Markdown source: linkify is off, but a bare address still advertises.
_LINK = re.compile(r"(?:https?://|www\.)[^\s<>()\[\]\"']+", re.IGNORECASE)


@dataclass(frozen=True)
class _Rule:
    word: str
    response: str
    replacement: str
    pattern: re.Pattern


def _pattern(word: str) -> re.Pattern:
    escaped = re.escape(word)
    if _HAS_CJK.search(word):
        return re.compile(escaped, re.IGNORECASE)
    return re.compile(f"(?<!{_SPACED_WORD_CHAR}){escaped}(?!{_SPACED_WORD_CHAR})", re.IGNORECASE)


def _watched_words() -> list[_Rule]:
    """The watched words, from the cache (at most one query per post when it is cold)."""
    rows = cache.get(WATCHED_WORDS_CACHE_KEY)
    if rows is None:
        rows = list(WatchedWord.objects.values_list("word", "response", "replacement"))
        cache.set(WATCHED_WORDS_CACHE_KEY, rows, WATCHED_WORDS_CACHE_SECONDS)
    return [
        _Rule(word, response, replacement, _pattern(word)) for word, response, replacement in rows
    ]


def forget_watched_words() -> None:
    """Drop the cached list; the next post reads the table again."""
    cache.delete(WATCHED_WORDS_CACHE_KEY)


def _apply_watched_words(text: str, rules: list[_Rule]) -> tuple[str, bool]:
    """Refuse a blocked word (naming it); replace the replaced; say whether one is held."""
    for rule in rules:
        if rule.response == WatchedWord.Response.BLOCK and rule.pattern.search(text):
            raise ValidationError(
                # Translators: %(word)s is a word or phrase staff do not allow.
                _("“%(word)s” is not allowed here. Remove it and try again."),
                params={"word": rule.word},
                code="watched_word",
            )
    held = False
    for rule in rules:
        if rule.response == WatchedWord.Response.REPLACE:
            text = rule.pattern.sub(lambda _match, rule=rule: rule.replacement, text)
        elif rule.response == WatchedWord.Response.HOLD and rule.pattern.search(text):
            held = True
    return text, held


def check_words(text: str) -> str:
    """Block or replace watched words in an edit; holding is for new posts only."""
    return _apply_watched_words(text, _watched_words())[0]


def check_message(author, body: str) -> str:
    """A chat message with watched words blocked or replaced. Messages are never held: a
    conversation waits for nobody, and its members can report it."""
    return _apply_watched_words(body, _watched_words())[0]


def _joined_recently(member, now: datetime) -> bool:
    return member.date_joined > now - timedelta(hours=settings.MODERATION_NEW_MEMBER_HOURS)


def is_new_member(member, now: datetime) -> bool:
    """New: joined within MODERATION_NEW_MEMBER_HOURS, or fewer approved posts than
    MODERATION_NEW_MEMBER_APPROVED_POSTS (held, hidden and deleted ones do not count)."""
    if _joined_recently(member, now):
        return True
    needed = settings.MODERATION_NEW_MEMBER_APPROVED_POSTS
    if needed <= 0:
        return False
    # A one-tap welcome is not a post the member wrote: it does not count.
    approved = Post.objects.filter(
        author=member,
        held_at__isnull=True,
        hidden_at__isnull=True,
        deleted_at__isnull=True,
        welcome__isnull=True,
    )[:needed].count()  # stops counting at `needed`
    return approved < needed


# Set by `limits_lifted()` for the work of this thread (or task) only.
_lifted: ContextVar[bool] = ContextVar("moderation_limits_lifted", default=False)


@contextmanager
def limits_lifted():
    """Write a whole community's history at once (the demo seed, an import) without the
    limits meant for people typing; watched words still apply."""
    token = _lifted.set(True)
    try:
        yield
    finally:
        _lifted.reset(token)


def _limits_apply(member) -> bool:
    # Moderators clean up in bursts and approve held posts; limits would only slow them.
    return (
        settings.MODERATION_POSTING_LIMITS and not _lifted.get() and not is_site_moderator(member)
    )


def _refuse(message: str, limit: int, code: str = "rate_limited") -> ValidationError:
    return ValidationError(message, params={"limit": limit}, code=code)


def _check_per_post_counts(*, body: str, image_count: int) -> int:
    """A new member's links, mentions and photos in one post; return the link count."""
    links = len(set(_LINK.findall(body)))
    limit = settings.MODERATION_NEW_MEMBER_LINKS_PER_POST
    if links > limit:
        raise _refuse(
            ngettext(
                "New members can put at most %(limit)s link in a post.",
                "New members can put at most %(limit)s links in a post.",
                limit,
            ),
            limit,
            code="too_many_links",
        )
    limit = settings.MODERATION_NEW_MEMBER_MENTIONS_PER_POST
    if len(mentioned_usernames(body)) > limit:
        raise _refuse(
            ngettext(
                "New members can mention at most %(limit)s member in a post.",
                "New members can mention at most %(limit)s members in a post.",
                limit,
            ),
            limit,
            code="too_many_mentions",
        )
    limit = settings.MODERATION_NEW_MEMBER_IMAGES_PER_POST
    if image_count > limit:
        raise _refuse(
            ngettext(
                "New members can add at most %(limit)s photo to a post.",
                "New members can add at most %(limit)s photos to a post.",
                limit,
            ),
            limit,
            code="too_many_images",
        )
    return links


def _check_first_day(member, *, is_thread: bool) -> None:
    """Threads and replies in a member's first hours, counted from the posts themselves
    (deleted ones too: deleting gives no allowance back; one-tap welcomes are not posts).
    One query."""
    posted = Post.objects.filter(author=member, welcome__isnull=True).aggregate(
        threads=Count("pk", filter=Q(number=1)), replies=Count("pk", filter=Q(number__gt=1))
    )
    if is_thread and posted["threads"] >= settings.MODERATION_FIRST_DAY_THREADS:
        limit = settings.MODERATION_FIRST_DAY_THREADS
        raise _refuse(
            ngettext(
                "On their first day members can start %(limit)s thread. Try again tomorrow.",
                "On their first day members can start %(limit)s threads. Try again tomorrow.",
                limit,
            ),
            limit,
        )
    if not is_thread and posted["replies"] >= settings.MODERATION_FIRST_DAY_REPLIES:
        limit = settings.MODERATION_FIRST_DAY_REPLIES
        raise _refuse(
            ngettext(
                "On their first day members can post %(limit)s reply. Try again tomorrow.",
                "On their first day members can post %(limit)s replies. Try again tomorrow.",
                limit,
            ),
            limit,
        )


def _check_rates(member, *, is_new: bool, is_thread: bool) -> None:
    """The counted limits, cheapest refusal first. Each counts the attempt, refused or not,
    so a script that keeps trying stays refused."""
    pause = (
        settings.MODERATION_NEW_MEMBER_SECONDS_BETWEEN_POSTS
        if is_new
        else settings.MODERATION_SECONDS_BETWEEN_POSTS
    )
    left = seconds_to_wait("post-pause", member.pk, pause) if pause > 0 else 0
    if left:
        raise ValidationError(
            ngettext(
                "Wait %(seconds)s more second before posting again.",
                "Wait %(seconds)s more seconds before posting again.",
                left,
            ),
            params={"seconds": left},
            code="rate_limited",
        )
    if is_new:
        limit = settings.MODERATION_NEW_MEMBER_POSTS_PER_HOUR
        if not within_limit("new-member-posts", member.pk, (limit, HOUR)):
            raise _refuse(
                ngettext(
                    "New members can post %(limit)s time an hour. Try again later.",
                    "New members can post %(limit)s times an hour. Try again later.",
                    limit,
                ),
                limit,
            )
    if is_thread:
        limit = settings.MODERATION_THREADS_PER_DAY
        if not within_limit("threads", member.pk, (limit, DAY)):
            raise _refuse(
                ngettext(
                    "You can start %(limit)s thread a day. Try again tomorrow.",
                    "You can start %(limit)s threads a day. Try again tomorrow.",
                    limit,
                ),
                limit,
            )
    else:
        limit = settings.MODERATION_REPLIES_PER_HOUR
        if not within_limit("replies", member.pk, (limit, HOUR)):
            raise _refuse(
                ngettext(
                    "You can post %(limit)s reply an hour. Try again later.",
                    "You can post %(limit)s replies an hour. Try again later.",
                    limit,
                ),
                limit,
            )


def check_post(author, *, body: str, image_count: int, is_thread: bool, title: str = "") -> Verdict:
    """Check a new thread or reply; return its text and whether it waits for approval.

    Raises ValidationError for a blocked word and for any limit it is over.
    """
    rules = _watched_words()
    title, title_held = _apply_watched_words(title, rules)
    body, body_held = _apply_watched_words(body, rules)
    # A moderator's own post is never held: only another moderator could approve it.
    hold = HOLD_WATCHED_WORD if (title_held or body_held) and not is_site_moderator(author) else ""
    if not _limits_apply(author):
        return Verdict(body=body, title=title, hold_reason=hold)
    now = timezone.now()
    is_new = is_new_member(author, now)
    links = _check_per_post_counts(body=body, image_count=image_count) if is_new else 0
    if _joined_recently(author, now):
        _check_first_day(author, is_thread=is_thread)
    _check_rates(author, is_new=is_new, is_thread=is_thread)
    if not hold and links and settings.MODERATION_HOLD_NEW_MEMBER_LINKS:
        hold = HOLD_NEW_MEMBER_LINKS
    return Verdict(body=body, title=title, hold_reason=hold)


def check_welcome(author, *, body: str) -> Verdict:
    """Check a one-tap welcome's greeting: watched words apply, but no posting limit does.
    The greeting is the site's words, once per newcomer, so it is not a post to pace: a
    member who welcomes someone and then replies is not told to wait."""
    body, held = _apply_watched_words(body, _watched_words())
    hold = HOLD_WATCHED_WORD if held and not is_site_moderator(author) else ""
    return Verdict(body=body, hold_reason=hold)


def check_reaction(member) -> None:
    """Count one reaction a member adds (taking one back is free)."""
    if not _limits_apply(member):
        return
    limit = settings.MODERATION_REACTIONS_PER_DAY
    if not within_limit("reactions", member.pk, (limit, DAY)):
        raise _refuse(
            ngettext(
                "You can react %(limit)s time a day. Try again tomorrow.",
                "You can react %(limit)s times a day. Try again tomorrow.",
                limit,
            ),
            limit,
        )


def check_new_conversation(member) -> None:
    """Count one conversation a new member starts (everyone's own limit is chat's)."""
    if not _limits_apply(member) or not is_new_member(member, timezone.now()):
        return
    limit = settings.MODERATION_NEW_MEMBER_CONVERSATIONS_PER_DAY
    if not within_limit("new-member-conversations", member.pk, (limit, DAY)):
        raise _refuse(
            ngettext(
                "New members can start %(limit)s conversation a day. Try again tomorrow.",
                "New members can start %(limit)s conversations a day. Try again tomorrow.",
                limit,
            ),
            limit,
        )
