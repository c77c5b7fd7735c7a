"""Whom and what a member follows is kept per member (the home feed, a thread's and a
profile's Follow buttons read it on every view) and dropped by every change that moves it:
following or unfollowing a thread or a member, starting a thread, being blocked."""

import pytest
from django.urls import reverse

from chat import services as chat_services
from forum import services
from tests.factories import MemberFactory, thread_by

pytestmark = pytest.mark.django_db


def follow_button(client, url) -> str:
    page = client.get(url).content.decode()
    return "Following" if ">Following</button>" in page else "Follow"


def test_following_and_unfollowing_a_thread_shows_at_once(member, other_member, client_for):
    thread = thread_by(other_member, title="Tea at dawn")
    reader = client_for(member)
    url = thread.get_absolute_url()
    assert follow_button(reader, url) == "Follow"  # kept now
    reader.post(reverse("forum:thread-follow", args=[thread.pk]), {"follow": "1"})
    assert follow_button(reader, url) == "Following"
    reader.post(reverse("forum:thread-follow", args=[thread.pk]), {"follow": "0"})
    assert follow_button(reader, url) == "Follow"


def test_following_a_member_shows_on_their_profile_and_in_the_home_feed(
    member, other_member, client_for
):
    thread_by(other_member, title="Cats of Chengdu")
    reader = client_for(member)
    profile = reverse("accounts:profile", args=[other_member.username])
    assert follow_button(reader, profile) == "Follow"
    assert "You follow" not in reader.get(reverse("home")).content.decode()
    reader.post(reverse("forum:member-follow", args=[other_member.username]), {"follow": "1"})
    assert follow_button(reader, profile) == "Following"
    assert f"You follow {other_member.name}." in reader.get(reverse("home")).content.decode()
    reader.post(reverse("forum:member-follow", args=[other_member.username]), {"follow": "0"})
    assert follow_button(reader, profile) == "Follow"


def test_a_thread_one_starts_is_followed_at_once(member, client_for):
    reader = client_for(member)
    assert "You follow this thread." not in reader.get(reverse("home")).content.decode()
    thread = thread_by(member, title="My first thread")
    assert follow_button(reader, thread.get_absolute_url()) == "Following"
    assert "You follow this thread." in reader.get(reverse("home")).content.decode()


def test_being_blocked_ends_following_at_once(member, client_for):
    blocker = MemberFactory()
    services.follow_member(follower=member, member=blocker, follow=True)
    reader = client_for(member)
    profile = reverse("accounts:profile", args=[blocker.username])
    assert follow_button(reader, profile) == "Following"
    chat_services.block_member(blocker=blocker, blocked=member)
    chat_services.unblock_member(blocker=blocker, blocked=member)
    assert follow_button(reader, profile) == "Follow"
