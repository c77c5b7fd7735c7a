from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from community import services, tasks
from community.models import (
    AggregateRefresh,
    DailyCrossRegionConversationCount,
    DailyJoinCount,
    DailyWelcomeCount,
    WeeklyPostCount,
)
from forum import services as forum_services
from forum.models import Welcome
from moderation import services as moderation_services
from tests.community.conftest import ENGLISH, at
from tests.factories import MemberFactory, reply_by, thread_by

pytestmark = pytest.mark.django_db


def counts() -> dict[str, set[tuple]]:
    """Every count the page could read, as plain values."""
    return {
        "joins": set(DailyJoinCount.objects.values_list("day", "region_code", "count")),
        "posts": set(WeeklyPostCount.objects.values_list("week", "language", "count")),
        "welcomes": set(DailyWelcomeCount.objects.values_list("day", "count")),
        "conversations": set(DailyCrossRegionConversationCount.objects.values_list("day", "count")),
    }


def monday(day):
    return day - timedelta(days=day.weekday())


def test_counts_members_by_day_and_region_posts_by_week_and_language_welcomes_and_conversations(
    world,
):
    services.refresh_aggregates(days=None)

    today = world.today
    two_days_ago = today - timedelta(days=2)
    assert counts() == {
        # A member without a region counts as unknown ("ZZ").
        "joins": {
            (two_days_ago, "US", 1),
            (two_days_ago, "CN", 1),
            (today, "US", 1),
            (today, "CN", 1),
            (today, "ZZ", 1),
        },
        # The deleted reply is left out; the introduction and the welcome are posts.
        "posts": {
            (monday(today - timedelta(days=7)), "en", 1),
            (monday(today - timedelta(days=7)), "zh", 1),
            (monday(today), "en", 2),
            (monday(today), "zh", 2),
        },
        "welcomes": {(today, 1)},
        # Only Ana (US) and Chen (CN): not US with US, not US with unknown, not the group.
        "conversations": {(today - timedelta(days=3), 1)},
    }


def test_refreshing_again_writes_the_same_rows(world):
    services.refresh_aggregates(days=None)
    first = counts()
    ids = set(DailyJoinCount.objects.values_list("pk", flat=True))

    services.refresh_aggregates()
    services.refresh_aggregates()
    assert counts() == first
    assert set(DailyJoinCount.objects.values_list("pk", flat=True)) == ids  # updated in place

    services.refresh_aggregates(days=None)
    assert counts() == first


def test_a_recent_refresh_recounts_its_window_and_leaves_earlier_days(world):
    long_ago = timezone.now() - timedelta(days=60)
    with at(long_ago):
        old_post = thread_by(world.ana, title="Long ago", body=ENGLISH).posts.get()
    services.refresh_aggregates(days=None)
    old_week = (monday(long_ago.date()), "en", 1)
    assert old_week in counts()["posts"]

    # Today a member joins and a reply is written; last week's Chinese reply and the post
    # from long ago are deleted.
    MemberFactory(region_code="US")
    reply_by(world.ana, world.old_reply.thread, body=ENGLISH)
    forum_services.delete_post(author=world.chen, post=world.old_reply)
    forum_services.delete_post(author=world.ana, post=old_post)

    services.refresh_aggregates(days=10)
    after = counts()
    assert (world.today, "US", 2) in after["joins"]
    assert (monday(world.today), "en", 3) in after["posts"]
    last_week = monday(world.today - timedelta(days=7))
    assert {row for row in after["posts"] if row[0] == last_week} == {(last_week, "en", 1)}
    assert old_week in after["posts"]  # the window does not reach two months back

    services.refresh_aggregates(days=None)
    assert old_week not in counts()["posts"]


def test_the_first_refresh_counts_every_day_whatever_its_window(world):
    assert not AggregateRefresh.objects.exists()

    refresh = services.refresh_aggregates(days=1)

    assert refresh.since is None
    assert (monday(world.today - timedelta(days=7)), "zh", 1) in counts()["posts"]
    later = services.refresh_aggregates(days=1)
    assert later.since == world.today


def test_the_worker_task_refreshes_the_counts(world):
    tasks.refresh_community_stats.delay()  # run in-process by the test settings

    assert AggregateRefresh.objects.get().since is None
    assert (world.today, "ZZ", 1) in counts()["joins"]


def test_operators_refresh_from_the_command_line(world, capsys):
    call_command("refresh_community_stats", "--full")
    assert "from the first day" in capsys.readouterr().out

    call_command("refresh_community_stats", "--days", "3")
    since = (world.today - timedelta(days=2)).isoformat()
    assert f"from {since}" in capsys.readouterr().out
    assert AggregateRefresh.objects.get().since.isoformat() == since

    with pytest.raises(CommandError):
        call_command("refresh_community_stats", "--days", "0")


def test_a_hidden_greeting_is_not_a_welcome_any_more(world):
    greeting = Welcome.objects.get().post
    moderator = MemberFactory(is_staff=True)
    moderation_services.hide_post(moderator=moderator, post=greeting, reason="Spam link")
    services.refresh_aggregates(days=None)
    assert set(DailyWelcomeCount.objects.values_list("count", flat=True)) <= {0}
