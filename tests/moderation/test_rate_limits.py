"""Rate limits on posting, replying, reacting, reporting, messaging and translating: each
says so in the member's language, and no text the member typed is lost."""

import uuid

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from chat import services as chat_services
from chat.models import Message
from forum import services as forum_services
from forum.models import Reaction
from moderation import services as moderation_services
from moderation.models import Report
from tests.factories import MemberFactory, category, reply_by, thread_by
from tests.html import form_values

pytestmark = pytest.mark.django_db

HTMX = {"hx-request": "true"}


@pytest.fixture
def limits_on(settings):
    """The limits on (other tests run without them, see settings/test.py), without the
    pauses between posts, so each test reaches the limit it is about."""
    settings.MODERATION_POSTING_LIMITS = True
    settings.MODERATION_SECONDS_BETWEEN_POSTS = 0
    settings.MODERATION_NEW_MEMBER_SECONDS_BETWEEN_POSTS = 0
    settings.MODERATION_NEW_MEMBER_POSTS_PER_HOUR = 100
    settings.MODERATION_FIRST_DAY_REPLIES = 100
    return settings


def post_reply(client, thread, body):
    return client.post(reverse("forum:thread-reply", args=[thread.pk]), {"body": body})


def test_a_rate_limited_reply_keeps_the_text_and_says_why(member, client_for, limits_on):
    limits_on.MODERATION_REPLIES_PER_HOUR = 1
    thread = thread_by(MemberFactory())
    client = client_for(member)
    assert post_reply(client, thread, "First!").status_code == 302

    typed = "A long answer about Austin's taco trucks, <3 them & more."
    response = post_reply(client, thread, typed)
    page = response.content.decode()
    assert response.status_code == 200
    assert form_values(page)["body"] == typed  # back in the reply box
    assert "You can post 1 reply an hour. Try again later." in page
    assert thread.posts.count() == 2

    limits_on.MODERATION_REPLIES_PER_HOUR = 5
    assert post_reply(client, thread, typed).status_code == 302


def test_a_rate_limited_reply_keeps_a_chinese_members_text(other_member, client_for, limits_on):
    limits_on.MODERATION_REPLIES_PER_HOUR = 1
    thread = thread_by(MemberFactory())
    client = client_for(other_member)
    post_reply(client, thread, "第一条")
    typed = "我想多说几句：奥斯汀的玉米饼真好吃。"
    response = post_reply(client, thread, typed)
    page = response.content.decode()
    assert response.status_code == 200
    assert typed in page
    assert 'class="alert alert-error"' in page
    # The message itself shows in Chinese once the catalog has it (see the report).


def test_starting_threads_is_limited_a_day_and_the_form_keeps_the_text(
    member, client_for, limits_on
):
    limits_on.MODERATION_THREADS_PER_DAY = 1
    limits_on.MODERATION_FIRST_DAY_THREADS = 10
    client = client_for(member)
    form = {"category": category().pk, "title": "Tacos in Austin", "body": "Where?"}
    assert client.post(reverse("forum:thread-new"), form).status_code == 302
    again = client.post(reverse("forum:thread-new"), {**form, "title": "Tacos in Dallas"})
    page = again.content.decode()
    assert "You can start 1 thread a day. Try again tomorrow." in page
    assert "Tacos in Dallas" in page and "Where?" in page


def test_reactions_are_limited_and_taking_one_back_is_free(member, client_for, limits_on):
    limits_on.MODERATION_REACTIONS_PER_DAY = 2
    thread = thread_by(MemberFactory())
    posts = [reply_by(MemberFactory(), thread) for _ in range(3)]
    client = client_for(member)

    def react(post):
        return client.post(
            reverse("forum:post-react", args=[post.pk]), {"kind": "heart"}, headers=HTMX
        ).content.decode()

    react(posts[0])
    react(posts[1])
    refused = react(posts[2])
    assert "You can react 2 times a day. Try again tomorrow." in refused
    assert Reaction.objects.filter(member=member).count() == 2
    react(posts[0])  # taken back
    assert Reaction.objects.filter(member=member).count() == 1

    plain = client.post(reverse("forum:post-react", args=[posts[2].pk]), {"kind": "heart"})
    assert plain.status_code == 302  # without htmx: back to the post, with the message
    assert (
        "You can react 2 times a day."
        in client.get(plain["Location"], follow=True).content.decode()
    )


def test_a_member_sending_messages_too_fast_keeps_the_text(
    member, other_member, client_for, settings
):
    settings.CHAT_MESSAGE_RATE_LIMIT = (2, 60)
    forum_services.follow_member(follower=other_member, member=member, follow=True)
    conversation = chat_services.direct_conversation(sender=member, recipient=other_member)
    client = client_for(member)

    def send(body):
        return client.post(
            reverse("chat:send", args=[conversation.pk]),
            {"body": body, "client_id": str(uuid.uuid4())},
            headers=HTMX,
        ).content.decode()

    send("one")
    send("two")
    refused = send("three, with a longer thought I do not want to type again")
    assert "You are sending messages very fast. Wait a moment and send again." in refused
    assert "three, with a longer thought I do not want to type again" in refused
    assert Message.objects.count() == 2


def test_reports_are_limited(member, other_member, settings):
    settings.MODERATION_REPORT_RATE_LIMIT = (1, 3600)
    thread = thread_by(other_member)
    first, second = reply_by(other_member, thread), reply_by(other_member, thread)
    target = moderation_services.Target.of_post
    moderation_services.file_report(reporter=member, target=target(first), reason="spam")
    with pytest.raises(ValidationError) as refusal:
        moderation_services.file_report(reporter=member, target=target(second), reason="spam")
    assert refusal.value.messages == [
        "You have sent many reports in a short time. Try again later."
    ]
    assert Report.objects.count() == 1


@pytest.mark.parametrize(
    ("reader", "told"),
    [
        ("member", "You have asked for many translations in a short time."),
        ("other_member", "你在短时间内请求了太多翻译，请过几分钟再试。"),
    ],
)
def test_a_member_translating_too_often_is_told_in_their_language(
    deepl, request, client_for, settings, django_capture_on_commit_callbacks, reader, told
):
    settings.TRANSLATION_RATE_LIMIT = (1, 600)
    reader = request.getfixturevalue(reader)
    author = MemberFactory()
    thread = thread_by(author, title="Cats", body="My cat sleeps all day.")
    posts = [
        reply_by(author, thread, body=body)
        for body in (
            "第一只猫睡觉了。",
            "第二只猫也睡了。",
            "A third cat, asleep.",
            "A fourth cat.",
        )
    ]
    client = client_for(reader)
    with django_capture_on_commit_callbacks(execute=True):
        states = [
            client.post(
                reverse("forum:post-translate", args=[post.pk]), headers=HTMX
            ).content.decode()
            for post in posts
        ]
    # Each reader asks for two translations (their own language's posts need none).
    refused = [state for state in states if 'data-translation-state="rate_limited"' in state]
    assert len(refused) == 1
    assert told in refused[0]
