"""Notifications from what a member follows: threads, members, the regions of introductions;
each as it happens, once a day, or never; nothing across a block, either way."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from chat.services import block_member
from forum import services
from forum.models import Notification, NotificationSettings, RegionFollow
from tests.factories import MemberFactory, introduction_by, reply_by, thread_by

pytestmark = pytest.mark.django_db


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run what a write leaves for after its commit (the worker's task runs eagerly)."""

    def run(write, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return write(*args, **kwargs)

    return run


def notices(member, kind=None):
    found = Notification.objects.filter(recipient=member).order_by("pk")
    return list(found.filter(kind=kind) if kind else found)


def test_a_reply_in_a_followed_thread_notifies_once_and_unread_replies_gather(
    member, other_member, committed, client_for
):
    reader = MemberFactory(username="reader")
    thread = thread_by(member, title="Dumplings at midnight")
    services.follow_thread(member=reader, thread=thread, follow=True)

    first = committed(reply_by, other_member, thread, body="韭菜猪肉馅最好吃")
    (notice,) = notices(reader)
    assert (notice.kind, notice.post, notice.count) == ("followed", first, 1)
    # The thread's author hears of it as a reply to them, not a second time as a follower.
    assert [each.kind for each in notices(member)] == ["reply"]

    committed(reply_by, MemberFactory(), thread)
    committed(reply_by, MemberFactory(), thread)
    (notice,) = notices(reader)
    assert notice.count == 3 and notice.post == first  # opens at the first unread reply
    page = client_for(reader).get(reverse("forum:notifications")).content.decode()
    assert "3 new replies in" in page and "Dumplings at midnight" in page

    services.mark_notifications_read(member=reader)
    committed(reply_by, other_member, thread)
    assert [each.count for each in notices(reader)] == [3, 1]


def test_a_member_mentioned_in_a_followed_thread_is_told_once(member, other_member, committed):
    thread = thread_by(member)
    services.follow_thread(member=other_member, thread=thread, follow=True)
    committed(reply_by, MemberFactory(), thread, body="@xiaolan what do you think?")
    assert [each.kind for each in notices(other_member)] == ["mention"]


def test_a_followed_member_s_new_thread_and_introduction_notify_their_followers(
    member, other_member, committed
):
    services.follow_member(follower=other_member, member=member, follow=True)
    thread = committed(thread_by, member, title="Knitting circles in Austin")
    introduction = committed(introduction_by, member)

    kinds = [(each.kind, each.post.thread) for each in notices(other_member)]
    assert kinds == [("new_thread", thread), ("new_thread", introduction.thread)]
    assert {each.actor for each in notices(other_member)} == {member}


def test_an_introduction_from_a_followed_region_notifies_by_its_region_tag_only(
    member, other_member, committed, client_for
):
    services.save_notification_settings(member=other_member, follows="each", regions=["US"])
    watcher_elsewhere = MemberFactory(username="elsewhere")
    services.save_notification_settings(member=watcher_elsewhere, follows="each", regions=["JP"])

    introduction = committed(introduction_by, member)  # written from the US

    (notice,) = notices(other_member)
    assert (notice.kind, notice.post.thread) == ("arrival", introduction.thread)
    assert notices(watcher_elsewhere) == []
    page = client_for(other_member).get(reverse("forum:notifications")).content.decode()
    # The region's name in the reader's language (xiaolan reads Chinese).
    assert "美国" in page


def test_blocking_mutes_follow_notifications_both_ways(member, other_member, committed):
    services.follow_member(follower=other_member, member=member, follow=True)
    thread = thread_by(other_member)
    services.follow_thread(member=member, thread=thread, follow=True)
    block_member(blocker=member, blocked=other_member)  # also ends other_member's follow

    committed(reply_by, other_member, thread)  # the blocked member's reply: not to the blocker
    services.save_notification_settings(member=other_member, follows="each", regions=["US"])
    committed(introduction_by, member)  # the blocker's introduction: not to the blocked

    followed_kinds = {"followed", "new_thread", "arrival", "reply"}
    assert not [each for each in notices(member) if each.kind in followed_kinds]
    assert not [each for each in notices(other_member) if each.kind in followed_kinds]


def test_a_mention_stops_at_a_block_in_either_direction(member, other_member):
    """The rule is in notify(): the blocker hears nothing from the blocked member, and the
    blocked member nothing from the blocker."""
    thread = thread_by(MemberFactory())
    block_member(blocker=other_member, blocked=member)
    reply_by(member, thread, body="@xiaolan hello")
    reply_by(other_member, thread, body="@jess hello")
    assert notices(member) == [] and notices(other_member) == []


def test_a_daily_member_hears_nothing_at_once_then_one_summary_a_day(
    member, other_member, committed
):
    reader = MemberFactory(username="reader")
    services.save_notification_settings(member=reader, follows="daily", regions=[])
    services.follow_member(follower=reader, member=member, follow=True)
    first_thread = thread_by(MemberFactory(), title="Tea")
    services.follow_thread(member=reader, thread=first_thread, follow=True)
    a_day_ago = timezone.now() - datetime.timedelta(days=1, minutes=1)
    NotificationSettings.objects.filter(member=reader).update(summarized_until=a_day_ago)

    committed(reply_by, other_member, first_thread)
    committed(reply_by, MemberFactory(), first_thread)
    new_thread = committed(thread_by, member, title="Spring Festival plans")
    assert notices(reader) == []  # nothing as it happens

    assert services.send_daily_summaries() == 1
    found = {(each.kind, each.post.thread_id, each.count) for each in notices(reader)}
    assert found == {("followed", first_thread.pk, 2), ("new_thread", new_thread.pk, 1)}

    # The next summary comes a day later, with only what came after this one.
    committed(reply_by, other_member, first_thread)
    later = timezone.now() + datetime.timedelta(hours=23)
    assert services.send_daily_summaries(now=later) == 0
    next_day = timezone.now() + datetime.timedelta(days=1)
    assert services.send_daily_summaries(now=next_day) == 1
    assert [each.count for each in notices(reader, "followed")] == [2, 1]
    # Run twice (two workers): the window is claimed once.
    assert services.send_daily_summaries(now=next_day) == 0


def test_a_member_who_wants_nothing_gets_nothing_from_follows(member, other_member, committed):
    services.save_notification_settings(member=other_member, follows="none", regions=["US"])
    services.follow_member(follower=other_member, member=member, follow=True)
    committed(introduction_by, member)
    assert services.send_daily_summaries(now=timezone.now() + datetime.timedelta(days=2)) == 0
    assert notices(other_member) == []


def test_the_settings_page_saves_both_choices_and_keeps_bad_input(other_member, client_for):
    thread_by(MemberFactory(), region_code="JP")
    client = client_for(other_member)
    url = reverse("forum:notification-settings")
    page = client.get(url).content.decode()
    assert (
        "通知设置" in page and 'value="each"' in page and "checked" in page and 'value="JP"' in page
    )

    response = client.post(url, {"follows": "daily", "arrival_regions": ["JP"]})
    assert response.status_code == 302
    stored = NotificationSettings.objects.get(member=other_member)
    assert stored.follows == "daily" and stored.summarized_until is not None
    assert list(
        RegionFollow.objects.filter(member=other_member).values_list("region_code", flat=True)
    ) == ["JP"]

    refused = client.post(url, {"follows": "hourly\x00", "arrival_regions": ["JP", "ZZ"]})
    assert refused.status_code == 200  # the form again, with what was chosen
    html = refused.content.decode()
    assert 'class="error"' in html and "选择一个有效的选项" in html
    assert NotificationSettings.objects.get(member=other_member).follows == "daily"


def test_the_settings_page_is_for_members(anonymous):
    response = anonymous.get(reverse("forum:notification-settings"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
