import pytest
from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.urls import reverse

from core import realtime
from forum import services
from forum.models import Notification, Reaction
from tests.factories import MemberFactory, category, reply_by, thread_by

pytestmark = pytest.mark.django_db


def test_a_reaction_toggles_in_place_with_htmx(member, other_member, client_for):
    post = thread_by(member).posts.get()
    client = client_for(other_member)
    url = reverse("forum:post-react", args=[post.pk])

    response = client.post(url, {"kind": "heart"}, headers={"hx-request": "true"})
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith(f'<form class="reactions" id="reactions-{post.pk}"')
    assert html.count("<form") == 1  # one form for the five kinds
    assert "csrfmiddlewaretoken" not in html  # htmx sends the page's token as a header
    assert 'aria-pressed="true"' in html and '<span class="reaction-count">1</span>' in html
    assert Notification.objects.filter(recipient=member, kind="reaction").count() == 1

    client.post(url, {"kind": "heart"}, headers={"hx-request": "true"})
    assert not Reaction.objects.filter(post=post).exists()


def test_members_cannot_react_to_their_own_posts(member, client_for):
    post = thread_by(member).posts.get()
    response = client_for(member).post(reverse("forum:post-react", args=[post.pk]), {"kind": "wow"})
    assert response.status_code == 403
    assert not Reaction.objects.exists()


def test_who_reacted_lists_the_members(member, other_member, client_for, anonymous):
    post = thread_by(member).posts.get()
    services.toggle_reaction(member=other_member, post=post, kind="hug")
    page = anonymous.get(reverse("forum:post-reactions", args=[post.pk])).content.decode()
    assert "小蓝" in page and "🤗" in page


def test_following_a_member_fills_the_following_feed_and_tells_them(
    member, other_member, client_for
):
    thread_by(other_member, title="上海的早餐")
    thread_by(MemberFactory(), title="Someone else's thread")
    client = client_for(member)
    client.post(reverse("forum:member-follow", args=["xiaolan"]), {"follow": "1"})
    assert Notification.objects.get(recipient=other_member).kind == "follow"

    feed = client.get(reverse("forum:following")).content.decode()
    assert "上海的早餐" in feed
    assert "Someone else&#x27;s thread" not in feed

    client.post(reverse("forum:member-follow", args=["xiaolan"]), {"follow": "0"})
    assert "上海的早餐" not in client.get(reverse("forum:following")).content.decode()


def test_following_a_thread_brings_it_into_the_following_feed(member, other_member, client_for):
    thread = thread_by(other_member, title="猫税")
    client = client_for(member)
    client.post(reverse("forum:thread-follow", args=[thread.pk]), {"follow": "1"})
    assert "猫税" in client.get(reverse("forum:following")).content.decode()


def test_nobody_follows_themselves(member, client_for):
    response = client_for(member).post(
        reverse("forum:member-follow", args=["jess"]), {"follow": "1"}
    )
    assert response.status_code == 403


def test_the_language_filter_keeps_threads_written_in_that_language(member, anonymous):
    thread_by(member, title="Cats", body="My cat sleeps on the keyboard every single morning.")
    thread_by(member, title="猫", body="我家的猫每天早上都睡在键盘上。")
    chinese = anonymous.get("/?language=zh").content.decode()
    english = anonymous.get("/?language=en").content.decode()
    assert ">猫</a>" in chinese and ">Cats</a>" not in chinese
    assert ">Cats</a>" in english and ">猫</a>" not in english


def test_category_pages_show_their_own_threads(member, anonymous):
    thread_by(member, title="Dumplings", category=category("food"))
    thread_by(member, title="Biscuit the cat", category=category("pets"))
    page = anonymous.get(reverse("forum:category", args=["food"])).content.decode()
    assert "Dumplings" in page and "Biscuit the cat" not in page


def test_the_header_counts_unread_notifications_and_they_can_be_read(
    member, other_member, client_for
):
    thread = thread_by(member)
    reply_by(other_member, thread)
    reply_by(other_member, thread)
    client = client_for(member)
    assert 'id="notification-badge" >2<' in client.get("/").content.decode().replace("\n", "")

    one = Notification.objects.filter(recipient=member).first()
    client.post(reverse("forum:notifications-read"), {"notification": one.pk})
    assert Notification.objects.filter(recipient=member, read_at__isnull=True).count() == 1
    client.post(reverse("forum:notifications-read"))
    assert not Notification.objects.filter(recipient=member, read_at__isnull=True).exists()
    assert 'id="notification-badge" hidden' in client.get("/").content.decode()


def test_notifications_are_private(member, other_member, client_for, anonymous):
    reply_by(other_member, thread_by(member), body="secret-ish")
    assert anonymous.get(reverse("forum:notifications")).status_code == 302
    others_page = client_for(other_member).get(reverse("forum:notifications")).content.decode()
    assert "replied to" not in others_page
    own_page = client_for(member).get(reverse("forum:notifications")).content.decode()
    assert "replied to" in own_page


def test_the_badge_event_waits_for_the_commit_and_carries_the_unread_count(
    member, other_member, django_capture_on_commit_callbacks
):
    layer = get_channel_layer()
    channel = async_to_sync(layer.new_channel)()
    async_to_sync(layer.group_add)(realtime.member_group(member.pk), channel)
    thread = thread_by(member)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        reply_by(other_member, thread)
    assert callbacks, "the event is held until the reply is committed"
    for callback in callbacks:
        callback()
    frame = async_to_sync(layer.receive)(channel)["frame"]
    assert frame["type"] == "notifications.changed"
    assert frame["unread"] == 1
    async_to_sync(layer.group_discard)(realtime.member_group(member.pk), channel)
