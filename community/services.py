"""Writes for the community page: its tables of counts, recomputed by the worker.

How the counts stay fresh. The page asks for them: each view of the page calls
`request_refresh()`, which enqueues `tasks.refresh_community_stats` at most once per
REFRESH_EVERY, by taking a cache key with `cache.add` (atomic in every cache backend, and
shared by all web processes through the file cache or Redis). A page nobody opens needs no
fresh counts; a page people open is at most REFRESH_EVERY and one refresh behind. The view
never counts anything itself: it reads the tables as they are, so the first counts must exist
before the first visitor: a worker asks for them as it starts (`tasks.refresh_at_start`, the
same request, so six workers starting together count once), and `seed_demo` counts the demo
itself. Operators who want the counts fresh without visitors, or after a bulk import, run
`manage.py refresh_community_stats` (from cron, say); `--full` rebuilds every day.

A refresh recomputes the last RECENT_DAYS days with one GROUP BY query per table, then upserts
the counts and removes keys that no longer have any, so it can run twice, or twice at once,
and leave the same rows. Earlier days keep their counts: a post deleted months ago still
counts in the week it was written until a full rebuild. The first refresh (no
AggregateRefresh row yet) rebuilds everything.

The counting queries read the accounts, forum and chat tables directly: they are read-only
counts for this page alone, which none of those apps' selectors offers.
"""

import logging
import time
from collections import Counter
from datetime import date, datetime, timedelta
from datetime import time as clock

from django.core.cache import cache
from django.db import models, transaction
from django.db.models import Count, DateField, Exists, OuterRef, Subquery
from django.db.models.functions import Coalesce, TruncDate, TruncWeek
from django.utils import timezone

from accounts.models import Member
from chat.models import Conversation, Message, Participant
from community import tasks
from community.models import (
    AggregateRefresh,
    DailyCrossRegionConversationCount,
    DailyJoinCount,
    DailyWelcomeCount,
    WeeklyPostCount,
)
from core.queueing import enqueue
from forum.models import Post, Welcome
from regions.names import UNKNOWN_REGION

logger = logging.getLogger(__name__)

# Long enough to cover the page's 30 days (and the week the 35th day falls in), short enough
# to stay a few indexed or sequential reads.
RECENT_DAYS = 35
REFRESH_EVERY = 10 * 60  # seconds
REFRESH_KEY = "community:refresh-requested"
# A member with no region yet ("") and one from an unknown place ("ZZ") count as unknown.
UNKNOWN_REGIONS = ("", UNKNOWN_REGION)

Counts = dict[tuple, int]


def request_refresh() -> bool:
    """Ask the worker to refresh the counts, at most once per REFRESH_EVERY; True if asked.
    Not while the cache is away (`cache.add` answers None): not once per view of the page."""
    if not cache.add(REFRESH_KEY, True, timeout=REFRESH_EVERY):
        return False
    if not enqueue(tasks.refresh_community_stats):
        cache.delete(REFRESH_KEY)  # ask again on a later visit
        return False
    return True


def refresh_aggregates(*, days: int | None = RECENT_DAYS) -> AggregateRefresh:
    """Recompute the counts of the last `days` days, today included; `days=None` rebuilds
    them all (as does the first refresh ever, whatever `days` says)."""
    started = time.perf_counter()
    if days is not None and not AggregateRefresh.objects.exists():
        days = None
    since = None if days is None else timezone.localdate() - timedelta(days=days - 1)
    # Weeks are recomputed whole: from the Monday of the week `since` falls in.
    since_week = None if since is None else since - timedelta(days=since.weekday())
    # Counted outside the transaction, which then only writes and stays short.
    joins = _count_joins(since)
    posts = _count_posts(since_week)
    welcomes = _count_welcomes(since)
    conversations = _count_cross_region_conversations(since)
    with transaction.atomic():
        _store(DailyJoinCount, ("day", "region_code"), since, joins)
        _store(WeeklyPostCount, ("week", "language"), since_week, posts)
        _store(DailyWelcomeCount, ("day",), since, welcomes)
        _store(DailyCrossRegionConversationCount, ("day",), since, conversations)
        took_ms = round((time.perf_counter() - started) * 1000)
        refresh, _created = AggregateRefresh.objects.update_or_create(
            pk=1,
            defaults={"refreshed_at": timezone.now(), "since": since, "took_ms": took_ms},
        )
    logger.info("community counts refreshed since %s in %d ms", since or "the start", took_ms)
    return refresh


def _since(queryset, field: str, day: date | None):
    """Rows from the first moment of `day` on, in the site's time zone (the Trunc functions')."""
    if day is None:
        return queryset
    return queryset.filter(
        **{f"{field}__gte": timezone.make_aware(datetime.combine(day, clock.min))}
    )


def _count_joins(since: date | None) -> Counts:
    rows = (
        _since(Member.objects.all(), "date_joined", since)
        .values("region_code", day=TruncDate("date_joined"))
        .annotate(count=Count("pk"))
        .order_by()
    )
    counts = Counter()
    for row in rows:
        region = UNKNOWN_REGION if row["region_code"] in UNKNOWN_REGIONS else row["region_code"]
        counts[(row["day"], region)] += row["count"]
    return dict(counts)


def _count_posts(since_week: date | None) -> Counts:
    """Posts by week and language, left out while deleted or held for approval."""
    posts = Post.objects.filter(deleted_at__isnull=True, held_at__isnull=True)
    rows = (
        _since(posts, "created_at", since_week)
        .values("language", week=TruncWeek("created_at", output_field=DateField()))
        .annotate(count=Count("pk"))
        .order_by()
    )
    return {(row["week"], row["language"]): row["count"] for row in rows}


def _count_welcomes(since: date | None) -> Counts:
    """Welcomes whose greeting everyone can read (as the introductions count them)."""
    shown = Welcome.objects.filter(
        post__deleted_at__isnull=True, post__hidden_at__isnull=True, post__held_at__isnull=True
    )
    return _count_by_day(shown, "created_at", since)


def _count_cross_region_conversations(since: date | None) -> Counts:
    """One-to-one conversations whose two members' regions are known and differ, counted on
    the day of their first message (or of their creation, before any message)."""
    first_message_at = (
        Message.objects.filter(conversation=OuterRef("pk")).order_by("pk").values("created_at")[:1]
    )
    # Both members' regions known (a direct conversation has exactly two), and two of them.
    two_regions = (
        Participant.objects.filter(conversation=OuterRef("pk"))
        .exclude(member__region_code__in=UNKNOWN_REGIONS)
        .values("conversation")
        .annotate(known=Count("pk"), regions=Count("member__region_code", distinct=True))
        .filter(known=2, regions=2)
    )
    conversations = Conversation.objects.filter(
        Exists(two_regions), kind=Conversation.Kind.DIRECT
    ).annotate(started_at=Coalesce(Subquery(first_message_at), "created_at"))
    return _count_by_day(conversations, "started_at", since)


def _count_by_day(queryset, field: str, since: date | None) -> Counts:
    rows = (
        _since(queryset, field, since)
        .values(day=TruncDate(field))
        .annotate(count=Count("pk"))
        .order_by()
    )
    return {(row["day"],): row["count"] for row in rows}


def _store(
    model: type[models.Model], keys: tuple[str, ...], since: date | None, counts: Counts
) -> None:
    """Make `model`'s rows from `since` on (all, for None) hold exactly `counts`."""
    model.objects.bulk_create(
        [model(**dict(zip(keys, key, strict=True)), count=count) for key, count in counts.items()],
        update_conflicts=True,
        unique_fields=keys,
        update_fields=["count"],
        batch_size=500,
    )
    rows = model.objects.all()
    if since is not None:
        rows = rows.filter(**{f"{keys[0]}__gte": since})
    stale = [pk for pk, *key in rows.values_list("pk", *keys) if tuple(key) not in counts]
    if stale:
        model.objects.filter(pk__in=stale).delete()
