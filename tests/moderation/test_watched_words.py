"""Watched words, kept by staff in both languages: a blocked word stops a post and is named,
a held one makes the post wait for a moderator, a replaced one is swapped before anyone reads
it. English matches whole words, Chinese anywhere in the text."""

import uuid

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from chat import services as chat_services
from chat.models import Message
from forum import services as forum_services
from forum.models import Notification
from moderation import content_rules
from moderation.models import Action, AuditEntry, WatchedWord
from moderation.watched_words import add_watched_word, remove_watched_word
from tests.factories import category, reply_by, thread_by

pytestmark = pytest.mark.django_db


@pytest.fixture
def thread(member):
    return thread_by(member, title="Weekend plans", body="Anyone around this weekend?")


def watch(moderator, word, response, replacement=""):
    return add_watched_word(
        moderator=moderator, word=word, response=response, replacement=replacement
    )


@pytest.mark.parametrize(
    ("word", "body"),
    [
        ("casino", "The best Casino in town, come along!"),
        ("casino", "周末去casino玩吗？"),  # an English word beside Chinese is still a word
        ("赌场", "楼下新开了一家赌场广告"),  # Chinese: anywhere in the text
    ],
)
def test_a_blocked_word_stops_the_reply_and_is_named(moderator, other_member, thread, word, body):
    watch(moderator, word, WatchedWord.Response.BLOCK)
    with pytest.raises(ValidationError) as refusal:
        reply_by(other_member, thread, body=body)
    assert refusal.value.messages == [f"“{word}” is not allowed here. Remove it and try again."]
    assert thread.posts.count() == 1


def test_english_words_match_whole_words_only(moderator, other_member, thread):
    watch(moderator, "spam", WatchedWord.Response.BLOCK)
    assert reply_by(other_member, thread, body="The spammer was banned.").held_at is None
    with pytest.raises(ValidationError):
        reply_by(other_member, thread, body="This is SPAM!")


def test_a_blocked_word_in_a_thread_title_is_refused_in_the_form_with_the_text_kept(
    moderator, member, client_for
):
    watch(moderator, "casino", WatchedWord.Response.BLOCK)
    response = client_for(member).post(
        reverse("forum:thread-new"),
        {"category": category().pk, "title": "Casino night", "body": "Who is coming along?"},
    )
    page = response.content.decode()
    assert "“casino” is not allowed here. Remove it and try again." in page
    assert "Casino night" in page and "Who is coming along?" in page


@pytest.mark.parametrize(
    ("word", "body"),
    [
        ("crypto", "Ask me about Crypto returns"),
        ("微信", "有兴趣的加我微信聊"),
    ],
)
def test_a_held_word_makes_the_post_wait_for_a_moderator(
    moderator, member, other_member, newcomer, client_for, thread, word, body
):
    watch(moderator, word, WatchedWord.Response.HOLD)
    reply = reply_by(newcomer, thread, body=f"@jess {body}")
    assert reply.held_reason == "watched_word"
    assert not Notification.objects.filter(post=reply).exists()
    assert body not in client_for(other_member).get(thread.get_absolute_url()).content.decode()
    assert body in client_for(newcomer).get(thread.get_absolute_url()).content.decode()


@pytest.mark.parametrize(
    ("word", "replacement", "body", "expected"),
    [
        ("darn", "d*rn", "Darn it, the cat ate my homework.", "d*rn it, the cat ate my homework."),
        ("傻瓜", "朋友", "你这个傻瓜，哈哈", "你这个朋友，哈哈"),
    ],
)
def test_a_replaced_word_is_swapped_before_anyone_reads_it(
    moderator, other_member, client_for, thread, word, replacement, body, expected
):
    watch(moderator, word, WatchedWord.Response.REPLACE, replacement)
    reply = reply_by(other_member, thread, body=body)
    assert reply.body == expected
    assert reply.held_at is None
    page = client_for(other_member).get(thread.get_absolute_url()).content.decode()
    assert expected in page and body not in page


def test_edits_are_checked_too(moderator, member, thread):
    watch(moderator, "darn", WatchedWord.Response.REPLACE, "d*rn")
    watch(moderator, "赌场", WatchedWord.Response.BLOCK)
    opening = thread.posts.get()
    with pytest.raises(ValidationError):
        forum_services.edit_post(editor=member, post=opening, body="去赌场吗")
    edited = forum_services.edit_post(
        editor=member, post=opening, body="Darn weekend.", title="Darn plans"
    )
    assert edited.body == "d*rn weekend."
    thread.refresh_from_db()
    assert thread.title == "d*rn plans"


def test_the_edit_form_keeps_the_text_and_names_the_word(moderator, member, thread, client_for):
    watch(moderator, "赌场", WatchedWord.Response.BLOCK)
    opening = thread.posts.get()
    response = client_for(member).post(
        reverse("forum:post-edit", args=[opening.pk]),
        {"title": "Weekend plans", "body": "周末去赌场吗"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "“赌场” is not allowed here." in page and "周末去赌场吗" in page


def test_chat_messages_are_blocked_or_replaced_but_never_held(
    moderator, member, other_member, client_for
):
    watch(moderator, "赌场", WatchedWord.Response.BLOCK)
    watch(moderator, "darn", WatchedWord.Response.REPLACE, "d*rn")
    watch(moderator, "crypto", WatchedWord.Response.HOLD)
    forum_services.follow_member(follower=other_member, member=member, follow=True)
    conversation = chat_services.direct_conversation(sender=member, recipient=other_member)

    refused = client_for(member).post(
        reverse("chat:send", args=[conversation.pk]),
        {"body": "一起去赌场吗", "client_id": str(uuid.uuid4())},
        headers={"hx-request": "true"},
    )
    page = refused.content.decode()
    assert "“赌场” is not allowed here." in page and "一起去赌场吗" in page
    assert not Message.objects.exists()

    for body in ("Darn, I missed the bus", "Crypto is boring"):
        chat_services.send_message(
            author=member, conversation=conversation, body=body, client_id=uuid.uuid4()
        )
    assert list(Message.objects.order_by("pk").values_list("body", flat=True)) == [
        "d*rn, I missed the bus",
        "Crypto is boring",
    ]


def test_a_new_word_applies_to_the_next_post_and_a_post_reads_the_list_at_most_once(
    moderator, other_member, thread, django_assert_num_queries
):
    reply_by(other_member, thread, body="Casino night!")  # the list is cached, empty
    watch(moderator, "casino", WatchedWord.Response.BLOCK)
    with django_assert_num_queries(1), pytest.raises(ValidationError):  # the list, once
        content_rules.check_post(moderator, body="Casino", image_count=0, is_thread=False)
    with django_assert_num_queries(0):  # from the cache
        content_rules.check_message(moderator, "Bus at noon")

    remove_watched_word(moderator=moderator, watched_word=WatchedWord.objects.get(word="casino"))
    reply_by(other_member, thread, body="Casino night again!")


def test_staff_add_and_remove_watched_words_and_the_audit_log_keeps_both(moderator, client_for):
    staff = client_for(moderator)
    page = staff.get(reverse("moderation:watched-words"))
    assert page.status_code == 200
    assert "Watched words" in page.content.decode()

    added = staff.post(reverse("moderation:watched-words"), {"word": " 微信 ", "response": "hold"})
    assert added.status_code == 302
    watched = WatchedWord.objects.get()
    assert (watched.word, watched.response, watched.created_by) == ("微信", "hold", moderator)
    assert "微信" in staff.get(reverse("moderation:watched-words")).content.decode()

    staff.post(reverse("moderation:watched-word-delete", args=[watched.pk]))
    assert not WatchedWord.objects.exists()
    entries = AuditEntry.objects.filter(action=Action.WATCHED_WORD).order_by("pk")
    assert [(e.moderator, e.target_label, e.details) for e in entries] == [
        (moderator, "微信", {"response": "hold", "change": "added"}),
        (moderator, "微信", {"response": "hold", "change": "removed"}),
    ]


def test_the_form_refuses_a_duplicate_and_a_replacement_left_empty(moderator, client_for):
    staff = client_for(moderator)
    watch(moderator, "Casino", WatchedWord.Response.BLOCK)
    duplicate = staff.post(
        reverse("moderation:watched-words"), {"word": "casino", "response": "hold"}
    ).content.decode()
    assert "“casino” is already watched." in duplicate
    empty = staff.post(
        reverse("moderation:watched-words"), {"word": "darn", "response": "replace"}
    ).content.decode()
    assert "Write what replaces the word." in empty and 'value="darn"' in empty
    assert WatchedWord.objects.count() == 1
    assert AuditEntry.objects.count() == 1


def test_only_staff_manage_watched_words(member, moderator, client_for, anonymous):
    watched = watch(moderator, "casino", WatchedWord.Response.BLOCK)
    url = reverse("moderation:watched-words")
    assert anonymous.get(url).status_code == 302  # to sign in
    assert client_for(member).get(url).status_code == 403
    assert client_for(member).post(url, {"word": "cat", "response": "block"}).status_code == 403
    delete_url = reverse("moderation:watched-word-delete", args=[watched.pk])
    assert client_for(member).post(delete_url).status_code == 403
    with pytest.raises(PermissionDenied):
        watch(member, "cat", WatchedWord.Response.BLOCK)
    assert list(WatchedWord.objects.values_list("word", flat=True)) == ["casino"]
