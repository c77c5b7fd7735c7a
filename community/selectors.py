"""Reads for the pages that show several apps at once: the community page (only the tables of
counts, five queries however busy the forum is; the counting itself is the worker's, in
community.services), a member's profile (their account, their introduction and posts) and
language exchange partners (members who match, less those blocked either way)."""

import operator
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import reduce

from django.core.exceptions import ObjectDoesNotExist
from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import Case, Count, Prefetch, Q, Value, When
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext as _

from accounts import selectors as account_selectors
from accounts.models import Interest, Member
from chat import selectors as chat_selectors
from community import charts
from community.charts import Category, Chart, Series
from community.models import (
    AggregateRefresh,
    DailyCrossRegionConversationCount,
    DailyJoinCount,
    DailyWelcomeCount,
    WeeklyPostCount,
)
from core import caching
from core.pagination import requested_page
from forum import selectors as forum_selectors
from regions.names import UNKNOWN_REGION, country_name

DAYS_SHOWN = 30
WEEKS_SHOWN = 12
REGIONS_SHOWN = 5  # the busiest regions get a colour each; the rest share one
EXCHANGE_PARTNERS_PER_PAGE = 12

# The site's palette (static/css/halfway.css): the red, the avatar hues, the soft ink.
REGION_COLORS = ("#c8373d", "#2f6f9f", "#1f7a4d", "#8a5a00", "#6b4bb8")
OTHER_COLOR = "#5e5652"
CHINESE_COLOR = "#c8373d"
ENGLISH_COLOR = "#2f6f9f"
WELCOME_COLOR = "#1f7a4d"
CONVERSATION_COLOR = "#b43d6b"


@dataclass(frozen=True)
class CommunityPage:
    days: int
    weeks: int
    joins: Chart
    posts: Chart
    welcomes: Chart
    conversations: Chart
    refreshed_at: datetime | None


def community_page(*, today: date | None = None) -> CommunityPage:
    """Return the page's four charts in the active language, from the tables of counts."""
    today = today or timezone.localdate()
    days = [today - timedelta(days=back) for back in range(DAYS_SHOWN - 1, -1, -1)]
    this_week = today - timedelta(days=today.weekday())
    weeks = [this_week - timedelta(weeks=back) for back in range(WEEKS_SHOWN - 1, -1, -1)]
    refresh = AggregateRefresh.objects.only("refreshed_at").first()
    day_categories = _day_categories(days)  # shared by three charts: dates format slowly
    return CommunityPage(
        days=DAYS_SHOWN,
        weeks=WEEKS_SHOWN,
        joins=_joins_chart(days, day_categories),
        posts=_posts_chart(weeks),
        welcomes=_welcomes_chart(days, day_categories),
        conversations=_conversations_chart(days, day_categories),
        refreshed_at=refresh.refreshed_at if refresh else None,
    )


def _day_categories(days: list[date]) -> list[Category]:
    # Translators: a date under a chart's axis, in Django's date format ("Mar 3"); in
    # Chinese "n月j日" gives "3月3日".
    axis_format = pgettext("chart axis date", "M j")
    return [
        Category(axis_label=date_format(day, axis_format), label=date_format(day, "DATE_FORMAT"))
        for day in days
    ]


def _week_categories(weeks: list[date]) -> list[Category]:
    axis_format = pgettext("chart axis date", "M j")
    return [
        Category(
            axis_label=date_format(week, axis_format),
            # Translators: a row of a table of weekly counts; the date is the week's Monday.
            label=_("Week of %(day)s") % {"day": date_format(week, "DATE_FORMAT")},
        )
        for week in weeks
    ]


def _joins_chart(days: list[date], categories: list[Category]) -> Chart:
    by_day: dict[date, Counter] = defaultdict(Counter)
    totals = Counter()
    rows = DailyJoinCount.objects.filter(day__range=(days[0], days[-1])).values_list(
        "day", "region_code", "count"
    )
    for day, region, count in rows:
        by_day[day][region] += count
        if region != UNKNOWN_REGION:
            totals[region] += count
    # The busiest regions first (then by code, so the colours stay put between equal ones).
    shown = sorted(totals, key=lambda code: (-totals[code], code))[:REGIONS_SHOWN]
    language = get_language() or "en"
    series = [
        Series(
            name=country_name(code, language) or code,
            color=color,
            values=[by_day[day][code] for day in days],
        )
        for code, color in zip(shown, REGION_COLORS, strict=False)
    ]
    elsewhere = [sum(by_day[day].values()) - sum(by_day[day][c] for c in shown) for day in days]
    if any(elsewhere) or not series:
        # Translators: the regions (and unknown places) not named on a chart of new members.
        series.append(Series(name=_("Elsewhere"), color=OTHER_COLOR, values=elsewhere))
    total = sum(sum(one.values) for one in series)
    return charts.bar_chart(
        slug="joins",
        title=_("New members each day"),
        description=_(
            "Stacked bar chart of the members who joined on each of the last %(days)s days, "
            "by the region they signed in from: %(total)s in all."
        )
        % {"days": len(days), "total": charts.formatted(total)},
        category_heading=pgettext("table heading", "Day"),
        categories=categories,
        series=series,
    )


def _posts_chart(weeks: list[date]) -> Chart:
    by_week: dict[date, Counter] = defaultdict(Counter)
    rows = WeeklyPostCount.objects.filter(week__range=(weeks[0], weeks[-1])).values_list(
        "week", "language", "count"
    )
    for week, language, count in rows:
        by_week[week][language if language in ("zh", "en") else ""] += count
    series = [
        Series(name=_("Chinese"), color=CHINESE_COLOR, values=[by_week[w]["zh"] for w in weeks]),
        Series(name=_("English"), color=ENGLISH_COLOR, values=[by_week[w]["en"] for w in weeks]),
        Series(
            # Translators: posts in neither Chinese nor English, or whose language is unclear.
            name=_("Other languages"),
            color=OTHER_COLOR,
            values=[by_week[w][""] for w in weeks],
        ),
    ]
    total = sum(sum(one.values) for one in series)
    return charts.bar_chart(
        slug="posts",
        title=_("Posts each week"),
        description=_(
            "Stacked bar chart of the posts written in each of the last %(weeks)s weeks, by "
            "language: %(total)s in all. The last week is still going."
        )
        % {"weeks": len(weeks), "total": charts.formatted(total)},
        category_heading=pgettext("table heading", "Week"),
        categories=_week_categories(weeks),
        series=series,
    )


def _daily_values(model, days: list[date]) -> list[int]:
    """A one-count-a-day table's counts for `days`, 0 for a day without a row."""
    counts = dict(model.objects.filter(day__range=(days[0], days[-1])).values_list("day", "count"))
    return [counts.get(day, 0) for day in days]


def _welcomes_chart(days: list[date], categories: list[Category]) -> Chart:
    values = _daily_values(DailyWelcomeCount, days)
    return charts.bar_chart(
        slug="welcomes",
        title=_("Welcomes each day"),
        description=_(
            "Bar chart of the welcomes members gave to newcomers' introductions on each of "
            "the last %(days)s days: %(total)s in all."
        )
        % {"days": len(days), "total": charts.formatted(sum(values))},
        category_heading=pgettext("table heading", "Day"),
        categories=categories,
        series=[Series(name=_("Welcomes"), color=WELCOME_COLOR, values=values)],
    )


def _conversations_chart(days: list[date], categories: list[Category]) -> Chart:
    values = _daily_values(DailyCrossRegionConversationCount, days)
    return charts.line_chart(
        slug="conversations",
        title=_("Conversations across regions"),
        description=_(
            "Line chart of the one-to-one conversations started on each of the last %(days)s "
            "days between members in different regions: %(total)s in all."
        )
        % {"days": len(days), "total": charts.formatted(sum(values))},
        category_heading=pgettext("table heading", "Day"),
        categories=categories,
        series=[Series(name=_("Conversations"), color=CONVERSATION_COLOR, values=values)],
    )


@dataclass(frozen=True)
class Profile:
    member: Member
    interests: list[Interest]
    introduction: object  # forum.models.Introduction, or None
    region_code: str  # their latest post's, or where they signed in from


def profile_page(username: str) -> Profile:
    """What a member's profile shows of them (404 for no such member): the same for every
    reader, so shared until content changes, as kept pages are (a profile edit, a new photo, a
    post, a moderator's action all change content)."""

    def read() -> Profile | None:
        try:
            member = account_selectors.profile_for(username)
        except Http404:
            return None
        return Profile(
            member=member,
            interests=list(member.interests.all()),
            introduction=forum_selectors.introduction_of(member),
            region_code=forum_selectors.latest_post_region(member),
        )

    found = caching.cached("profile", (username.lower(),), read)
    if found is None:
        raise Http404
    return found


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
        account_selectors.visible_members()
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
    found = (
        Member.objects.select_related("introduction__thread")
        .prefetch_related(Prefetch("interests", queryset=shared, to_attr="shared_interests"))
        .in_bulk(list(page.object_list))
    )
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
