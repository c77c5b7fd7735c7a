"""Introductions: the grid, New arrivals, welcomes and a member's own."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import timedelta

from django.core.paginator import Paginator
from django.db import connection
from django.db.models import (
    Count,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Window,
    prefetch_related_objects,
)
from django.db.models.functions import Coalesce, RowNumber
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from accounts.models import Interest, Member
from chat import selectors as chat_selectors
from core import caching
from forum import permissions
from forum.models import Introduction, Post, PostImage, Welcome
from forum.selectors.threads import opening_post_region

INTRODUCTIONS_PER_PAGE = 24


@dataclass(frozen=True)
class IntroductionFilters:
    interest: str = ""
    language: str = ""
    region: str = ""
    welcomed: str = ""  # "no": only introductions nobody has welcomed yet


def introduction_page(filters: IntroductionFilters, number: int) -> tuple[int, int, list]:
    """The count, the page number (clamped as get_page does) and that page's introductions
    as (id, thread id, written at): two queries."""
    introductions = _live_introductions()
    if filters.welcomed == "no":
        introductions = introductions.filter(welcome_count=0)
    if filters.interest:
        introductions = introductions.filter(member__interests__slug=filters.interest)
    if filters.language:
        introductions = introductions.filter(_speaks(filters.language))
    if filters.region:
        introductions = introductions.filter(region_code=filters.region.upper())
    shown = introductions.values_list("pk", "thread_id", "created_at")
    page = Paginator(shown, INTRODUCTIONS_PER_PAGE).get_page(number)
    return page.paginator.count, page.number, list(page.object_list)


def introduction_cards(ids: list[int]) -> dict[int, Introduction]:
    """The grid's cards by id: member, thread, region, welcome count, first photo, interests,
    latest welcomers (four queries). An introduction gone since is left out."""
    found = _live_introductions().select_related("member", "thread").in_bulk(ids)
    cards = list(found.values())
    prefetch_related_objects(
        [card.member for card in cards],
        Prefetch("interests", queryset=Interest.objects.order_by("slug")),
    )
    photos = {
        image.post.thread_id: image
        for image in PostImage.objects.filter(
            post__thread_id__in=[card.thread_id for card in cards], post__number=1, position=0
        ).select_related("post")
    }
    for card in cards:
        card.photo = photos.get(card.thread_id)
    _attach_welcomers(cards)
    return found


def _live_introductions() -> QuerySet[Introduction]:
    """Introductions anyone may read (not deleted, not waiting for approval, by active members
    who are not banned or suspended), newest first, with their region and welcome count."""
    return (
        Introduction.objects.filter(
            thread__deleted_at__isnull=True,
            thread__held_at__isnull=True,
            member__is_active=True,
            member__banned_at__isnull=True,
        )
        .exclude(member__suspended_until__gt=timezone.now())
        .annotate(region_code=opening_post_region(), welcome_count=_welcome_count())
        .order_by("-created_at", "-pk")
    )


WELCOMERS_SHOWN = 5


def _shown_welcomes() -> QuerySet[Welcome]:
    """Welcomes whose greeting everyone can read: a deleted, hidden or held one does not count."""
    return Welcome.objects.filter(
        post__deleted_at__isnull=True, post__hidden_at__isnull=True, post__held_at__isnull=True
    )


def _welcome_count() -> Coalesce:
    """How many members welcomed each introduction, as a subquery of the introductions' query."""
    counted = (
        _shown_welcomes()
        .filter(introduction_id=OuterRef("pk"))
        .order_by()
        .values("introduction_id")
        .annotate(total=Count("pk"))
        .values("total")
    )
    return Coalesce(Subquery(counted), 0)


def _attach_welcomers(introductions: list[Introduction]) -> None:
    """Give each introduction its latest few welcomers, newest first (one query for all)."""
    latest = (
        _shown_welcomes()
        .filter(introduction_id__in=[introduction.pk for introduction in introductions])
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=F("introduction_id"),
                order_by=[F("created_at").desc(), F("pk").desc()],
            )
        )
        .filter(rank__lte=WELCOMERS_SHOWN)
        .select_related("member")
        .order_by("-created_at", "-pk")
    )
    by_introduction: dict[int, list[Member]] = defaultdict(list)
    for welcome in latest if introductions else []:
        by_introduction[welcome.introduction_id].append(welcome.member)
    for introduction in introductions:
        introduction.welcomers = by_introduction[introduction.pk]


def _speaks(language: str) -> Q:
    # JSON containment where the database has it (PostgreSQL); SQLite stores the list as text.
    if connection.features.supports_json_field_contains:
        return Q(member__languages_spoken__contains=[language])
    return Q(member__languages_spoken__icontains=f'"{language}"')


def introduction_regions() -> list[str]:
    """The regions introductions were written from, for the grid's filter (each once). Reading
    them visits every introduction, for a list that rarely changes: it is shared until content
    changes, as kept pages are."""

    def regions() -> list[str]:
        return list(
            Post.objects.filter(
                number=1, thread__category__is_introductions=True, thread__deleted_at__isnull=True
            )
            .order_by("region_code")
            .values_list("region_code", flat=True)
            .distinct()
        )

    return caching.cached("introduction-regions", (), regions)


def introduction_of(member: Member) -> Introduction | None:
    return (
        Introduction.objects.filter(member=member, thread__deleted_at__isnull=True)
        .select_related("thread")
        .first()
    )


def live_introductions_of(member_ids: list[int]) -> dict[int, Introduction]:
    """The introductions of these members that are not deleted, by member id (one query)."""
    found = Introduction.objects.filter(member_id__in=member_ids, thread__deleted_at__isnull=True)
    return {each.member_id: each for each in found.select_related("thread")}


def shown_introduction_of(member: Member) -> Introduction | None:
    """introduction_of() for pages (a profile, the grid's "Edit my introduction"): shared
    between readers until content changes, as kept pages are. Forms read the database."""
    return caching.cached("introduction-of", (member.pk,), lambda: introduction_of(member))


NEW_ARRIVALS_SHOWN = 8
NEW_ARRIVALS_SINCE = timedelta(hours=24)


def new_arrivals(viewer, *, limit: int = NEW_ARRIVALS_SHOWN) -> list[Introduction]:
    """The last day's introductions, newest first, for the New arrivals panel: the same for
    every reader, shared until content changes (two queries); whether the reader welcomed each
    and may, from answers kept for the reader (welcomed_lately, blocks)."""

    def latest() -> list[Introduction]:
        since = timezone.now() - NEW_ARRIVALS_SINCE
        return _arrival_cards(_live_introductions().filter(created_at__gte=since), limit=limit)

    cards = caching.cached("new-arrivals", (limit,), latest)
    return _for_viewer(viewer, cards, welcomed=welcomed_lately(viewer))


def new_arrival(viewer, introduction_id: int) -> Introduction:
    """One New arrivals card (the one a Welcome 👋 just changed), whatever its age."""
    cards = _arrival_cards(_live_introductions().filter(pk=introduction_id), limit=1)
    if not cards:
        raise Http404
    return _for_viewer(viewer, cards)[0]


def _arrival_cards(introductions: QuerySet[Introduction], *, limit: int) -> list[Introduction]:
    cards = list(introductions.select_related("member", "thread")[:limit])
    _attach_welcomers(cards)
    return cards


# Which of the last days' newcomers a member welcomed: the home page's New arrivals shows it on
# each card. Dropped by services.welcome_newcomer. Two days, so that an answer kept for its
# WELCOMED_SECONDS still covers every card the panel shows (a day's introductions).
WELCOMED = caching.prefetched("welcomed-lately")
WELCOMED_SECONDS = 300
WELCOMED_SINCE = 2 * NEW_ARRIVALS_SINCE


def welcomed_lately(member) -> frozenset[int]:
    """The introductions of the last two days `member` welcomed, as kept for them."""
    if not member.is_authenticated:
        return frozenset()
    return caching.cached_for_member(
        WELCOMED,
        member.pk,
        lambda: frozenset(
            Welcome.objects.filter(
                member=member, introduction__created_at__gte=timezone.now() - WELCOMED_SINCE
            ).values_list("introduction_id", flat=True)
        ),
        WELCOMED_SECONDS,
    )


def _for_viewer(
    viewer, cards: list[Introduction], welcomed: frozenset[int] | None = None
) -> list[Introduction]:
    """Whether the viewer welcomed each newcomer already (`welcomed`, when known), and may."""
    blockers: frozenset[int] = frozenset()
    if viewer.is_authenticated and cards:
        if welcomed is None:
            welcomed = frozenset(
                Welcome.objects.filter(
                    member_id=viewer.pk, introduction_id__in=[card.pk for card in cards]
                ).values_list("introduction_id", flat=True)
            )
        blockers = chat_selectors.block_relations(viewer).blockers
    welcomed = welcomed or frozenset()
    for card in cards:
        card.welcomed_by_viewer = card.pk in welcomed
        card.can_welcome = not card.welcomed_by_viewer and permissions.can_welcome(
            viewer, card, is_blocked=card.member_id in blockers
        )
    return cards


def get_introduction_for(member, introduction_id: int) -> Introduction:
    """The introduction if this member may see its thread; 404 for missing and hidden alike."""
    introduction = get_object_or_404(
        Introduction.objects.select_related("member", "thread", "thread__category"),
        pk=introduction_id,
    )
    permissions.check_can_see_thread(member, introduction.thread)
    return introduction
