"""Bookmarks: a member keeps a post or a thread, with a reminder if they like; the reminder
arrives as a notification, once; the Bookmarks page lists what they kept."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from forum import services
from forum.models import Bookmark, Notification, Post
from tests.factories import MemberFactory, reply_by, thread_by

pytestmark = pytest.mark.django_db


def test_a_member_bookmarks_a_post_with_a_reminder_and_finds_it_on_the_page(
    member, other_member, client_for
):
    thread = thread_by(other_member, title="Mooncake recipes")
    reply = reply_by(other_member, thread, body="Lotus seed paste, salted yolk inside.")
    client = client_for(member)
    url = reverse("forum:post-bookmark", args=[reply.pk])
    assert "Remind me" in client.get(url).content.decode()

    before = timezone.now()
    response = client.post(url, {"remind_in": "tomorrow", "next": thread.get_absolute_url()})
    assert response.status_code == 302 and response["Location"] == thread.get_absolute_url()
    bookmark = Bookmark.objects.get(member=member)
    assert bookmark.post == reply
    assert before + datetime.timedelta(days=1) <= bookmark.remind_at
    assert bookmark.remind_at <= timezone.now() + datetime.timedelta(days=1)

    page = client.get(reverse("forum:bookmarks")).content.decode()
    assert "Mooncake recipes" in page and "Lotus seed paste" in page and "⏰" in page


def test_a_thread_is_kept_by_its_opening_post(member, other_member, client_for):
    thread = thread_by(other_member, title="Tea houses")
    response = client_for(member).post(reverse("forum:thread-bookmark", args=[thread.pk]), {})
    assert response.status_code == 302
    assert Bookmark.objects.get(member=member).post.number == 1
    assert Bookmark.objects.get(member=member).remind_at is None


def test_a_reminder_comes_once_when_due_and_not_for_a_post_gone_since(
    member, other_member, client_for
):
    kept = reply_by(other_member, thread_by(other_member, title="Kept"), body="Still here")
    gone = reply_by(other_member, thread_by(other_member, title="Gone"), body="Soon deleted")
    for post in (kept, gone):
        services.bookmark_post(member=member, post=post, remind_in="hour")
    services.delete_post(author=other_member, post=gone)

    assert services.send_due_reminders() == 0  # not yet
    later = timezone.now() + datetime.timedelta(hours=1, minutes=1)
    assert services.send_due_reminders(now=later) == 1
    (notice,) = Notification.objects.filter(recipient=member, kind="reminder")
    assert notice.post == kept
    assert services.send_due_reminders(now=later) == 0  # claimed: never twice
    page = client_for(member).get(reverse("forum:notifications")).content.decode()
    assert "Reminder:" in page and "Kept" in page


def test_bookmarking_again_sets_a_new_reminder_and_remove_lets_it_go(member, client_for):
    post = thread_by(MemberFactory()).posts.get()
    services.bookmark_post(member=member, post=post, remind_in="hour")
    Bookmark.objects.update(reminded_at=timezone.now())
    services.bookmark_post(member=member, post=post, remind_in="week")
    bookmark = Bookmark.objects.get()
    assert bookmark.reminded_at is None and bookmark.remind_at > timezone.now()

    client = client_for(member)
    response = client.post(
        reverse("forum:post-bookmark", args=[post.pk]), {"remove": "1", "next": "/bookmarks/"}
    )
    assert response["Location"] == "/bookmarks/"
    assert not Bookmark.objects.exists()
    assert "No bookmarks yet" in client.get(reverse("forum:bookmarks")).content.decode()


def test_a_post_one_cannot_see_cannot_be_bookmarked(member, other_member, client_for):
    post = thread_by(other_member).posts.get()
    Post.objects.filter(pk=post.pk).update(held_at=timezone.now())
    url = reverse("forum:post-bookmark", args=[post.pk])
    assert client_for(member).post(url, {"remind_in": "hour"}).status_code == 404
    assert not Bookmark.objects.exists()


def test_a_bad_reminder_is_refused_in_the_readers_language_and_keeps_nothing(
    other_member, client_for
):
    post = thread_by(MemberFactory()).posts.get()
    url = reverse("forum:post-bookmark", args=[post.pk])
    response = client_for(other_member).post(url, {"remind_in": "yesterday\x00"})
    assert response.status_code == 200
    assert "选择一个有效的选项" in response.content.decode()
    assert not Bookmark.objects.exists()


def test_the_bookmarks_page_runs_the_same_queries_at_2_and_30(
    member, client_for, django_assert_num_queries
):
    author = MemberFactory()
    client = client_for(member)

    def keep(count):
        for _ in range(count):
            services.bookmark_post(member=member, post=thread_by(author).posts.get())

    keep(2)
    client.get(reverse("forum:bookmarks"))
    with django_assert_num_queries(2):  # the count and the page
        client.get(reverse("forum:bookmarks"))
    keep(28)
    client.get(reverse("forum:bookmarks"))
    with django_assert_num_queries(2):
        page = client.get(reverse("forum:bookmarks")).content.decode()
    assert page.count('class="card bookmark"') == 30


def test_bookmarks_are_for_members(anonymous):
    response = anonymous.get(reverse("forum:bookmarks"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
