"""Reads about members."""

import operator
from functools import reduce

from django.core.exceptions import ObjectDoesNotExist
from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import Case, Count, Prefetch, Q, QuerySet, Value, When
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from accounts.models import Interest, Member
from chat import selectors as chat_selectors
from core import caching
from core.pagination import requested_page

EXCHANGE_PARTNERS_PER_PAGE = 12


def visible_members() -> QuerySet[Member]:
    return Member.objects.filter(is_active=True)


def profile_for(username: str) -> Member:
    """Return the member whose public profile this is, with their interests; 404 otherwise."""
    member = (
        visible_members()
        .prefetch_related(Prefetch("interests", queryset=Interest.objects.order_by("slug")))
        .filter(username__iexact=username)
        .first()
    )
    if member is None:
        raise Http404
    return member


def suggested_interests() -> QuerySet[Interest]:
    return Interest.objects.filter(is_suggested=True).order_by("slug")


def shown_suggested_interests() -> list[Interest]:
    """suggested_interests() for pages (the grid's filter): shared between readers, as kept
    pages are (an edit in the admin shows within PAGE_CACHE_SECONDS)."""
    return caching.cached("suggested-interests", (), lambda: list(suggested_interests()))


def mention_suggestions(prefix: str, *, limit: int = 8) -> list[Member]:
    """Members whose username or display name starts with `prefix` (for @mention completion)."""
    prefix = prefix.strip().lstrip("@")
    if not prefix:
        return []
    return list(
        visible_members()
        .filter(Q(username__istartswith=prefix) | Q(display_name__istartswith=prefix))
        .order_by("username")[:limit]
    )


def _lists(field: str, code: str) -> Q:
    """Members whose language list `field` holds `code`."""
    # JSON containment where the database has it (PostgreSQL); SQLite stores the list as text.
    # Codes come from settings.MEMBER_LANGUAGES, so the quoted text cannot match a longer one.
    if connection.features.supports_json_field_contains:
        return Q(**{f"{field}__contains": [code]})
    return Q(**{f"{field}__icontains": f'"{code}"'})


def _matching(field: str, codes: list[str]) -> Q:
    return reduce(operator.or_, (_lists(field, code) for code in codes))


def _count_matching(field: str, codes: list[str]):
    return reduce(
        operator.add,
        (Case(When(_lists(field, code), then=Value(1)), default=Value(0)) for code in codes),
    )


def exchange_partners(viewer: Member, page_number=1) -> Page:
    """Members suggested to `viewer` for a language exchange, best matches first.

    A partner speaks a language the viewer is learning and is learning one the viewer speaks.
    Both opted in (suggestions are for members who are suggested themselves), and neither has
    blocked the other. Ranked by how many of those languages match, then by shared interests,
    then by the latest sign-in. Five queries: whom the viewer blocked, the ranked ids, who among
    them blocked the viewer, the page's members with their introductions, shared interests.
    """
    learning, speaking = viewer.languages_learning, viewer.languages_spoken
    if not (viewer.is_authenticated and viewer.open_to_exchange and learning and speaking):
        return Paginator([], EXCHANGE_PARTNERS_PER_PAGE).get_page(1)
    ranked = (
        visible_members()
        .filter(open_to_exchange=True, banned_at__isnull=True)
        .filter(_matching("languages_spoken", learning), _matching("languages_learning", speaking))
        .exclude(pk=viewer.pk)
        .exclude(pk__in=chat_selectors.blocked_ids(viewer))
        .exclude(suspended_until__gt=timezone.now())
        # Someone who takes no messages could not answer a hello.
        .exclude(who_may_message=Member.MessagePolicy.NOBODY)
        .annotate(
            matched=_count_matching("languages_spoken", learning)
            + _count_matching("languages_learning", speaking),
            shared=Count(
                "interests", filter=Q(interests__in=viewer.interests.all()), distinct=True
            ),
            active_at=Coalesce("last_login", "date_joined"),
        )
        .order_by("-matched", "-shared", "-active_at", "pk")
    )
    ids = list(ranked.values_list("pk", flat=True))
    blockers = chat_selectors.blockers_of(viewer.pk, ids)
    page = Paginator([pk for pk in ids if pk not in blockers], EXCHANGE_PARTNERS_PER_PAGE).get_page(
        requested_page(page_number)
    )
    shared = Interest.objects.filter(pk__in=viewer.interests.values("pk")).order_by("slug")
    found = {
        member.pk: member
        for member in Member.objects.filter(pk__in=list(page.object_list))
        .select_related("introduction__thread")
        .prefetch_related(Prefetch("interests", queryset=shared, to_attr="shared_interests"))
    }
    partners = [found[pk] for pk in page.object_list if pk in found]
    for partner in partners:
        partner.introduction_thread = _live_introduction_thread(partner)
        partner.speaks = [(code, code in learning) for code in partner.languages_spoken]
        partner.learns = [(code, code in speaking) for code in partner.languages_learning]
    page.object_list = partners
    return page


def _live_introduction_thread(member: Member):
    """The thread of the member's introduction while others can read it, else None."""
    try:
        thread = member.introduction.thread
    except ObjectDoesNotExist:
        return None
    return thread if thread.deleted_at is None and thread.held_at is None else None
