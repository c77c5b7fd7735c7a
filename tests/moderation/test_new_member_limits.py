"""New members (first day, or fewer than three approved posts) post with lower limits, and a
post of theirs with a link waits for a moderator."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from chat import services as chat_services
from forum import services as forum_services
from forum.models import Notification
from moderation import services as moderation_services
from moderation.content_rules import is_new_member
from tests.factories import MemberFactory, cat_photo, category, reply_by, thread_by

pytestmark = pytest.mark.django_db

THREE_LINKS = "Look: https://a.example, https://b.example and https://c.example"


@pytest.fixture
def limits_on(settings):
    """The limits as base.py sets them (other tests run without them, see settings/test.py)."""
    settings.MODERATION_POSTING_LIMITS = True
    return settings


@pytest.fixture
def no_pauses(limits_on):
    """Posting one after another, to reach the limit under test."""
    limits_on.MODERATION_SECONDS_BETWEEN_POSTS = 0
    limits_on.MODERATION_NEW_MEMBER_SECONDS_BETWEEN_POSTS = 0
    return limits_on


def age(member, days: int):
    member.date_joined = timezone.now() - timedelta(days=days)
    member.save(update_fields=["date_joined"])
    return member


def test_a_new_members_third_link_is_refused_naming_the_limit(member, newcomer, limits_on):
    thread = thread_by(age(member, 30))
    with pytest.raises(ValidationError) as refusal:
        reply_by(newcomer, thread, body=THREE_LINKS)
    assert refusal.value.messages == ["New members can put at most 2 links in a post."]
    assert thread.posts.count() == 1

    limits_on.MODERATION_NEW_MEMBER_LINKS_PER_POST = 3
    assert reply_by(newcomer, thread, body=THREE_LINKS).body == THREE_LINKS


def test_a_new_members_post_with_a_link_waits_until_a_moderator_approves_it(
    member, newcomer, other_member, moderator, client_for, limits_on
):
    thread = thread_by(member)
    reply = reply_by(newcomer, thread, body="My cat's blog: https://biscuit.example")
    assert (reply.held_at is not None, reply.held_reason) == (True, "new_member_links")
    assert not Notification.objects.filter(post=reply).exists()  # not while it is held

    others_page = client_for(other_member).get(thread.get_absolute_url()).content.decode()
    assert "biscuit.example" not in others_page
    assert (
        "biscuit.example" not in client_for(member).get(thread.get_absolute_url()).content.decode()
    )
    authors_page = client_for(newcomer).get(thread.get_absolute_url()).content.decode()
    assert "biscuit.example" in authors_page
    assert "Waiting for a moderator" in authors_page
    assert (
        "biscuit.example" in client_for(moderator).get(thread.get_absolute_url()).content.decode()
    )

    moderation_services.approve_post(moderator=moderator, post=reply)
    others_page = client_for(other_member).get(thread.get_absolute_url()).content.decode()
    assert "biscuit.example" in others_page
    assert "Waiting for a moderator" not in others_page


def test_a_category_moderator_sees_held_posts_in_their_category(
    member, newcomer, category_moderator, client_for, limits_on
):
    reply = reply_by(newcomer, thread_by(member), body="https://biscuit.example")
    page = client_for(category_moderator).get(reply.thread.get_absolute_url()).content.decode()
    assert "biscuit.example" in page and "Waiting for a moderator" in page


def test_holding_links_can_be_turned_off(member, newcomer, limits_on):
    limits_on.MODERATION_HOLD_NEW_MEMBER_LINKS = False
    reply = reply_by(newcomer, thread_by(member), body="https://biscuit.example")
    assert reply.held_at is None


def test_a_member_older_than_a_day_with_three_approved_posts_is_not_limited(limits_on):
    limits_on.MODERATION_POSTING_LIMITS = False  # their history, written before
    veteran = age(MemberFactory(), 2)
    thread = thread_by(veteran)
    reply_by(veteran, thread)
    deleted_later = reply_by(veteran, thread, body="Soon deleted.")
    forum_services.delete_post(author=veteran, post=deleted_later)
    limits_on.MODERATION_POSTING_LIMITS = True
    assert is_new_member(veteran, timezone.now())  # two approved posts: still new
    with pytest.raises(ValidationError):
        reply_by(veteran, thread, body=THREE_LINKS)

    limits_on.MODERATION_POSTING_LIMITS = False
    reply_by(veteran, thread, body="A third approved post.")
    limits_on.MODERATION_POSTING_LIMITS = True
    assert not is_new_member(veteran, timezone.now())
    reply = reply_by(veteran, thread, body=THREE_LINKS + " cc @a @b @c")
    assert reply.held_at is None
    assert reply.body.startswith(THREE_LINKS)


def test_a_first_day_member_with_approved_posts_is_still_new(newcomer, limits_on):
    limits_on.MODERATION_POSTING_LIMITS = False
    thread = thread_by(newcomer)
    for _ in range(3):
        reply_by(newcomer, thread)
    assert is_new_member(newcomer, timezone.now())
    assert not is_new_member(age(newcomer, 2), timezone.now())


def test_first_day_members_start_three_threads_until_their_first_day_is_over(newcomer, no_pauses):
    for number in range(3):
        thread_by(newcomer, title=f"Thread number {number}")
    with pytest.raises(ValidationError) as refusal:
        thread_by(newcomer, title="One thread too many")
    assert refusal.value.messages == [
        "On their first day members can start 3 threads. Try again tomorrow."
    ]

    thread_by(age(newcomer, 2), title="One thread too many")  # three approved: not new


def test_first_day_members_post_ten_replies(member, newcomer, no_pauses):
    no_pauses.MODERATION_NEW_MEMBER_POSTS_PER_HOUR = 100
    thread = thread_by(member)
    for _ in range(10):
        reply_by(newcomer, thread)
    with pytest.raises(ValidationError) as refusal:
        reply_by(newcomer, thread)
    assert refusal.value.messages == [
        "On their first day members can post 10 replies. Try again tomorrow."
    ]


def test_new_members_post_a_few_times_an_hour(member, newcomer, no_pauses):
    no_pauses.MODERATION_NEW_MEMBER_POSTS_PER_HOUR = 2
    thread = thread_by(member)
    reply_by(newcomer, thread)
    reply_by(newcomer, thread)
    with pytest.raises(ValidationError) as refusal:
        reply_by(newcomer, thread)
    assert refusal.value.messages == ["New members can post 2 times an hour. Try again later."]


def test_new_members_wait_thirty_seconds_between_posts(member, newcomer, limits_on):
    thread = thread_by(member)
    reply_by(newcomer, thread)
    with pytest.raises(ValidationError) as refusal:
        reply_by(newcomer, thread, body="Quick second thought")
    assert refusal.value.messages == ["Wait 30 more seconds before posting again."]

    limits_on.MODERATION_NEW_MEMBER_SECONDS_BETWEEN_POSTS = 0
    reply_by(newcomer, thread, body="Quick second thought")


def test_new_members_mention_two_members_and_add_a_few_photos(member, newcomer, limits_on):
    thread = thread_by(member)
    with pytest.raises(ValidationError) as refusal:
        reply_by(newcomer, thread, body="Hello @jess @xiaolan @mod")
    assert refusal.value.messages == ["New members can mention at most 2 members in a post."]

    limits_on.MODERATION_NEW_MEMBER_IMAGES_PER_POST = 1
    with pytest.raises(ValidationError) as refusal:
        reply_by(newcomer, thread, images=[cat_photo("a.jpg"), cat_photo("b.jpg")])
    assert refusal.value.messages == ["New members can add at most 1 photo to a post."]
    assert thread.posts.count() == 1


def test_the_refusal_shows_in_the_thread_form_with_the_text_kept(newcomer, client_for, limits_on):
    response = client_for(newcomer).post(
        reverse("forum:thread-new"),
        {"category": category().pk, "title": "Links for newcomers", "body": THREE_LINKS},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "New members can put at most 2 links in a post." in page
    assert "Links for newcomers" in page and "https://c.example" in page


def test_new_members_start_three_conversations_a_day(newcomer, limits_on):
    others = [MemberFactory() for _ in range(4)]
    for other in others[:3]:
        chat_services.direct_conversation(sender=newcomer, recipient=other)
    with pytest.raises(ValidationError) as refusal:
        chat_services.direct_conversation(sender=newcomer, recipient=others[3])
    assert refusal.value.messages == [
        "New members can start 3 conversations a day. Try again tomorrow."
    ]
    with pytest.raises(ValidationError):
        chat_services.create_group(creator=newcomer, title="Cats", members=others[:2])

    limits_on.MODERATION_NEW_MEMBER_CONVERSATIONS_PER_DAY = 10
    chat_services.direct_conversation(sender=newcomer, recipient=others[3])


def test_moderators_are_not_limited(moderator, member, limits_on):
    thread = thread_by(member)
    for _ in range(3):
        post = reply_by(moderator, thread, body=THREE_LINKS + " @a @b @c")
        assert post.held_at is None
