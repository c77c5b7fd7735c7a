"""Reads for the pages that show several apps at once: the community page (only the tables of
counts, five queries however busy the forum is; the counting itself is the worker's, in
community.services) and a member's profile (their account, their introduction and posts)."""

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.http import Http404
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext as _

from accounts import selectors as account_selectors
from accounts.models import Interest, Member
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
from forum import selectors as forum_selectors
from regions.names import UNKNOWN_REGION, country_name

DAYS_SHOWN = 30
WEEKS_SHOWN = 12
REGIONS_SHOWN = 5  # the busiest regions get a colour each; the rest share one

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

    @property
    def charts(self) -> list[Chart]:
        return [self.joins, self.posts, self.welcomes, self.conversations]


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
    shown = [code for code, _count in sorted(totals.items(), key=lambda item: (-item[1], item[0]))]
    shown = shown[:REGIONS_SHOWN]
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


def _welcomes_chart(days: list[date], categories: list[Category]) -> Chart:
    counts = dict(
        DailyWelcomeCount.objects.filter(day__range=(days[0], days[-1])).values_list("day", "count")
    )
    values = [counts.get(day, 0) for day in days]
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
    counts = dict(
        DailyCrossRegionConversationCount.objects.filter(
            day__range=(days[0], days[-1])
        ).values_list("day", "count")
    )
    values = [counts.get(day, 0) for day in days]
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
