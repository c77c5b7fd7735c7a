"""The home feed a signed-in member controls: their settings, the chips that show them, and
the reason each thread is there. Reads only; forum/feed_settings.py changes the settings.

Only the member changes their feed. The site's defaults are versioned by date: a member gets
those in force when they joined (stored on first use) and is asked before newer ones apply (a
new version's `summary` is gettext_lazy, so the question reads in the member's language).
"""

from dataclasses import dataclass, field
from datetime import UTC, datetime

from django.core.paginator import Page
from django.db import IntegrityError, transaction
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from chat.selectors import blocked_either_way
from core import caching
from core.pagination import CountedPaginator, requested_page
from forum.models import Category, FeedPreference, Thread
from forum.selectors import (
    ThreadData,
    follows_of,
    opening_post_region,
    thread_visibility,
    visible_threads,
)

THREADS_PER_PAGE = 20
LANGUAGES = ("zh", "en")


@dataclass(frozen=True)
class Defaults:
    version: int
    since: datetime  # members who joined from then on start with these
    summary: str  # what changed, for the question put to members who joined before
    chinese_first: bool  # a member whose language is Chinese starts Chinese-first


# The site's defaults, oldest first. Version 1: chronological, and a member whose language is
# Chinese reads Chinese first each day (the long-time members' own language leads).
DEFAULTS = [
    Defaults(1, datetime(2025, 1, 1, tzinfo=UTC), "", chinese_first=True),
]


def defaults_for(joined: datetime) -> Defaults:
    """The defaults in force when a member joined."""
    return [DEFAULTS[0], *(d for d in DEFAULTS[1:] if d.since <= joined)][-1]


def default_languages(member, defaults: Defaults) -> list[str]:
    """The languages a member starts with."""
    if defaults.chinese_first and member.preferred_language.startswith("zh"):
        return ["zh", "en"]
    return []


# A member's settings are read on every home page and changed only by them (feed_settings.py
# drops the kept copy when it saves); the expiry bounds what a category renamed in the admin
# leaves in a chip.
PREFERENCE_SECONDS = 300
# A new version when FeedPreference's fields change; read ahead with the member's other answers
# (the home page is the page members load most).
PREFERENCE = caching.prefetched("feed-preference")


def preference_for(member) -> FeedPreference:
    """The member's feed settings, as kept in the cache (see stored_preference)."""
    return caching.cached_for_member(
        PREFERENCE, member.pk, lambda: stored_preference(member), PREFERENCE_SECONDS
    )


def forget_preference(member) -> None:
    caching.changed_for_members(PREFERENCE, [member.pk])


def stored_preference(member) -> FeedPreference:
    """The member's feed settings, made from the defaults of their joining date on first use
    (so later defaults never change an existing member's feed by themselves)."""
    preference = (
        FeedPreference.objects.filter(member=member).prefetch_related("muted_categories").first()
    )
    if preference is not None:
        return preference
    defaults = defaults_for(member.date_joined)
    try:
        with transaction.atomic():
            preference = FeedPreference.objects.create(
                member=member,
                languages=default_languages(member, defaults),
                defaults_version=defaults.version,
            )
    except IntegrityError:  # another tab made it a moment ago
        preference = FeedPreference.objects.get(member=member)
    preference._prefetched_objects_cache = {"muted_categories": Category.objects.none()}
    return preference


def newer_defaults(preference: FeedPreference) -> Defaults | None:
    """Defaults newer than the member's, to ask them about (None when there are none)."""
    latest = DEFAULTS[-1]
    return latest if latest.version > preference.defaults_version else None


def language_names() -> dict[str, str]:
    return {"zh": _("Chinese"), "en": _("English")}


@dataclass(frozen=True)
class Chip:
    key: str  # what removing it removes: "languages", "following", "mute:<id>", "hide:<CC>" …
    label: str


def chips(preference: FeedPreference, region_name) -> list[Chip]:
    """The settings that shape the feed, each removable with one tap."""
    found = []
    names = language_names()
    if preference.languages:
        if len(preference.languages) == 1:
            label = names[preference.languages[0]]
        else:
            label = _("%(language)s first") % {"language": names[preference.languages[0]]}
        found.append(Chip("languages", label))
    if preference.only_following:
        found.append(Chip("following", _("following")))
    for category in preference.muted_categories.all():
        found.append(
            Chip(
                f"mute:{category.pk}",
                _("%(category)s muted") % {"category": category.name_in(get_language())},
            ),
        )
    for code in preference.emphasised_regions:
        found.append(
            Chip(f"emphasise:{code}", _("%(region)s first") % {"region": region_name(code)})
        )
    for code in preference.hidden_regions:
        found.append(Chip(f"hide:{code}", _("%(region)s hidden") % {"region": region_name(code)}))
    return found


@dataclass
class HomeFeed:
    page: Page
    preference: FeedPreference
    followed_members: set[int] = field(default_factory=set)
    followed_threads: set[int] = field(default_factory=set)


def home_feed(member, threads: QuerySet[Thread], page_number=1) -> HomeFeed:
    """The member's home feed: `threads` (what they may see) narrowed and ordered by their
    settings, one page, with what "Why am I seeing this?" needs. No query when the page is
    kept (its count and rows, with the member's settings and follows); four when it is not:
    the count, the days it reaches, its order, its threads."""
    preference = preference_for(member)
    follows = follows_of(member)
    followed_members, followed_threads = set(follows.members), set(follows.threads)
    muted = [category.pk for category in preference.muted_categories.all()]
    threads = _narrowed(threads, preference, muted, followed_members, followed_threads)
    # Chronological by day; within a day, the member's first language and emphasised regions
    # lead (both are 0 when the member set neither, leaving plain newest-first).
    first_language = preference.languages[0] if len(preference.languages) > 1 else None
    emphasised = preference.emphasised_regions
    # Cached until content changes: counting visits every thread the member may see, ranking
    # reads hundreds.
    parts = (
        thread_visibility(member),
        preference.languages,
        muted,
        preference.only_following and (sorted(followed_members), sorted(followed_threads)),
        preference.hidden_regions,
    )
    ranks = {
        "day": TruncDate("last_posted_at"),
        "language_rank": _rank(Q(language=first_language) if first_language else None),
        "region_rank": _rank(Q(region_code__in=emphasised) if emphasised else None),
    }
    order = ("-day", "region_rank", "language_rank", "-last_posted_at", "-pk")

    def ranked_page(number: int) -> tuple[int, int, list[ThreadData]]:
        count = threads.count()
        # The number checked and clamped as get_page does.
        number = CountedPaginator([], THREADS_PER_PAGE, count=count).get_page(number).number
        # The page's threads are ranked by id alone (the days reaching it hold hundreds of
        # threads), then only those twenty are read, with their authors and categories.
        ranked_ids = (
            _days_reaching_page(threads, number)
            .select_related(None)
            .annotate(**ranks)
            .order_by(*order)
            .values_list("pk", flat=True)
        )
        page_ids = list(CountedPaginator(ranked_ids, THREADS_PER_PAGE, count=count).page(number))
        found = threads.order_by().in_bulk(page_ids)
        return count, number, [ThreadData.of(found[pk]) for pk in page_ids if pk in found]

    # The page is kept, as plain values, until content changes: building the ranking's query
    # costs more than running it, and reading twenty threads more than reading them kept.
    # Days begin at midnight where the member is, so their time zone is in the key.
    number = requested_page(page_number)
    count, number, rows = caching.cached(
        "home-feed-page-v2",
        (
            parts,
            first_language,
            preference.emphasised_regions,
            timezone.get_current_timezone_name(),
            number,
        ),
        lambda: ranked_page(number),
    )
    page = CountedPaginator([], THREADS_PER_PAGE, count=count).page(number)
    page.object_list = rows
    feed = HomeFeed(page, preference, followed_members, followed_threads)
    for row in rows:
        # A row's key holds what "Why am I seeing this?" says; it is worded only if the row
        # is rendered (forum/fragments.py), a kept row is not.
        row.reasons_key = reasons_key(row, feed)
        row.home_feed = feed
    return feed


def _narrowed(threads, preference, muted, followed_members, followed_threads) -> QuerySet:
    threads = threads.annotate(region_code=opening_post_region("pk"))
    if len(preference.languages) == 1:
        # One language only. (With both, every thread stays, whatever language it was
        # detected in; the order decides which leads.)
        threads = threads.filter(language=preference.languages[0])
    if muted:
        threads = threads.exclude(category_id__in=muted)
    if preference.only_following:
        threads = threads.filter(Q(author_id__in=followed_members) | Q(pk__in=followed_threads))
    if preference.hidden_regions:
        threads = threads.exclude(region_code__in=preference.hidden_regions)
    return threads


def digest_threads(member, *, since: datetime, limit: int) -> list[Thread]:
    """The week's threads for a member's digest: from their home feed as their settings make
    it, started since `since`, not by them nor by anyone they have a block with; the most
    replied to first, then the newest (each opening post's region tag as `region_code`)."""
    preference = preference_for(member)
    follows = follows_of(member)
    muted = [category.pk for category in preference.muted_categories.all()]
    threads = _narrowed(
        visible_threads(member).filter(created_at__gt=since, held_at=None),
        preference,
        muted,
        set(follows.members),
        set(follows.threads),
    )
    candidates = list(
        threads.exclude(author=member)
        .select_related("author", "category")
        .order_by("-reply_count", "-created_at")[: limit * 2]
    )
    # Blocks read from the database (a job, not a page): a block made an hour ago holds.
    muted = blocked_either_way(member.pk, {thread.author_id for thread in candidates})
    return [thread for thread in candidates if thread.author_id not in muted][:limit]


def _rank(leading: Q | None) -> Case | Value:
    """0 for the threads `leading` matches and 1 for the others; 0 for all without it."""
    if leading is None:
        return Value(0, output_field=IntegerField())
    return Case(When(leading, then=Value(0)), default=Value(1), output_field=IntegerField())


def _days_reaching_page(threads: QuerySet[Thread], number: int) -> QuerySet[Thread]:
    """Only the threads of the days page `number` can draw from.

    The feed is ordered by day first, so the threads of page `number` are all among those
    posted to on or after the day of the (number × page size)-th newest thread: the newest
    threads come from the last days, wherever the member's rankings put them within a day.
    Narrowing to those days lets the index on last_posted_at find them, instead of ranking
    every thread of the forum for each page view (one more query, a short index scan).
    """
    reach = number * THREADS_PER_PAGE

    last = list(
        threads.order_by("-last_posted_at").values_list("last_posted_at", flat=True)[
            reach - 1 : reach
        ]
    )
    if not last:  # fewer threads than the page reaches: all of them
        return threads
    day_start = timezone.localtime(last[0]).replace(hour=0, minute=0, second=0, microsecond=0)
    return threads.filter(last_posted_at__gte=day_start)


def reasons_key(thread: Thread | ThreadData, feed: HomeFeed) -> tuple:
    """What reasons() reads beyond the thread row's own fields (its author, category,
    language and the reader's language are in the row's key already)."""
    return (
        thread.author_id in feed.followed_members,
        thread.pk in feed.followed_threads,
        tuple(feed.preference.languages),
        thread.region_code in feed.preference.emphasised_regions,
    )


def reasons(thread: Thread, feed: HomeFeed) -> list[str]:
    """Why this thread is in this member's feed: the rules that put it there."""
    preference = feed.preference
    found = []
    if thread.author_id in feed.followed_members:
        found.append(_("You follow %(name)s.") % {"name": thread.author.name})
    if thread.pk in feed.followed_threads:
        found.append(_("You follow this thread."))
    if not found:
        found.append(
            _("It is new in %(category)s, a category you have not muted.")
            % {"category": thread.category.name_in(get_language())}
        )
    language = language_names().get(thread.language)
    if preference.languages and language:
        if len(preference.languages) > 1 and thread.language == preference.languages[0]:
            found.append(
                _("It is in %(language)s, which your feed shows first.") % {"language": language}
            )
        else:
            found.append(
                _("It is in %(language)s, one of your feed's languages.") % {"language": language}
            )
    elif language:
        found.append(_("Your feed shows every language."))
    if thread.region_code in preference.emphasised_regions:
        found.append(_("It was written from a region you put first."))
    return found
