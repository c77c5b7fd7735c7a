"""Direct messages: requests, one message until accepted, no duplicates, blocking, privacy."""

import re
import uuid

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from chat import selectors, services
from chat.models import Message, Participant
from forum import services as forum_services
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db

HTMX = {"hx-request": "true"}


def send(client, conversation, body, client_id=None):
    return client.post(
        reverse("chat:send", args=[conversation.pk]),
        {"body": body, "client_id": str(client_id or uuid.uuid4())},
        headers=HTMX,
    )


@pytest.fixture
def newcomer_writes_first(member, other_member, client_for):
    """Jess (a newcomer) writes to 小蓝, who does not follow her."""
    response = client_for(member).post(
        reverse("chat:start", args=[other_member.username]),
        {"body": "Hi! I loved your cat photos.", "client_id": str(uuid.uuid4())},
    )
    assert response.status_code == 302
    return Message.objects.get().conversation


def test_a_first_message_from_someone_not_followed_waits_in_requests(
    newcomer_writes_first, member, other_member, client_for
):
    conversation = newcomer_writes_first
    place = Participant.objects.get(conversation=conversation, member=other_member)
    assert place.state == "request"
    assert selectors.inbox(other_member) == []
    assert [c.pk for c in selectors.requests_for(other_member)] == [conversation.pk]
    requests_page = client_for(other_member).get(reverse("chat:requests"))
    assert "Hi! I loved your cat photos." in requests_page.content.decode()
    # The sender sees the conversation in their inbox, and may not send a second message yet.
    assert [c.pk for c in selectors.inbox(member)] == [conversation.pk]
    second = send(client_for(member), conversation, "Hello again?")
    assert "has not accepted your message request yet" in second.content.decode()
    assert Message.objects.count() == 1


def test_accepting_a_request_opens_the_conversation_both_ways(
    newcomer_writes_first, member, other_member, client_for
):
    conversation = newcomer_writes_first
    client_for(other_member).post(reverse("chat:accept", args=[conversation.pk]))
    assert [c.pk for c in selectors.inbox(other_member)] == [conversation.pk]
    send(client_for(other_member), conversation, "欢迎！")
    send(client_for(member), conversation, "Thank you!")
    assert list(Message.objects.values_list("body", flat=True).order_by("pk")) == [
        "Hi! I loved your cat photos.",
        "欢迎！",
        "Thank you!",
    ]


def test_a_deleted_request_looks_pending_to_the_sender(
    newcomer_writes_first, member, other_member, client_for
):
    conversation = newcomer_writes_first
    client_for(other_member).post(reverse("chat:delete", args=[conversation.pk]))
    assert selectors.requests_for(other_member) == []
    assert client_for(other_member).get(conversation.get_absolute_url()).status_code == 404
    # The sender is not told: the same answer as for a request not yet seen.
    second = send(client_for(member), conversation, "Hello?")
    assert "has not accepted your message request yet" in second.content.decode()


def test_members_who_follow_the_sender_get_the_message_in_their_inbox(member, other_member):
    forum_services.follow_member(follower=other_member, member=member, follow=True)
    conversation = services.direct_conversation(sender=member, recipient=other_member)
    assert Participant.objects.get(conversation=conversation, member=other_member).state == "active"


def test_who_may_message_me_is_respected(member, other_member, client_for):
    other_member.who_may_message = "nobody"
    other_member.save()
    page = client_for(member).get(reverse("chat:start", args=[other_member.username]))
    assert "does not take messages" in page.content.decode()
    with pytest.raises(PermissionDenied):
        services.direct_conversation(sender=member, recipient=other_member)
    other_member.who_may_message = "following"
    other_member.save()
    with pytest.raises(PermissionDenied):
        services.direct_conversation(sender=member, recipient=other_member)
    forum_services.follow_member(follower=other_member, member=member, follow=True)
    assert services.direct_conversation(sender=member, recipient=other_member)


def test_a_resend_with_the_same_id_is_one_message(member, other_member, client_for):
    forum_services.follow_member(follower=other_member, member=member, follow=True)
    conversation = services.direct_conversation(sender=member, recipient=other_member)
    client_id = uuid.uuid4()
    first = send(client_for(member), conversation, "Only once", client_id)
    again = send(client_for(member), conversation, "Only once", client_id)
    assert Message.objects.count() == 1
    (message,) = Message.objects.all()
    assert f'id="message-{message.pk}"' in first.content.decode()
    assert f'id="message-{message.pk}"' in again.content.decode()


def test_a_message_keeps_the_writers_region_and_is_sanitized(member, other_member, client_for):
    forum_services.follow_member(follower=other_member, member=member, follow=True)
    conversation = services.direct_conversation(sender=member, recipient=other_member)
    client = client_for(member)
    client.post(
        reverse("chat:send", args=[conversation.pk]),
        {"body": "<script>alert(1)</script> **hi**", "client_id": str(uuid.uuid4())},
        headers=HTMX,
        REMOTE_ADDR="8.8.8.8",
    )
    message = Message.objects.get()
    assert message.region_code == "US"
    assert "<script" not in message.body_html and "<strong>hi</strong>" in message.body_html


def test_bad_messages_get_a_clear_error_and_keep_the_text(member, other_member, client_for):
    forum_services.follow_member(follower=other_member, member=member, follow=True)
    conversation = services.direct_conversation(sender=member, recipient=other_member)
    empty = send(client_for(member), conversation, "   ")
    assert "Write a message first." in empty.content.decode()
    assert empty["HX-Retarget"] == "#composer"
    long = "字" * (services.MAX_MESSAGE_CHARACTERS + 1)
    too_long = send(client_for(member), conversation, long)
    assert long in too_long.content.decode()
    assert Message.objects.count() == 0


def test_message_rate_limit(member, other_member, client_for, settings):
    settings.CHAT_MESSAGE_RATE_LIMIT = (2, 60)
    forum_services.follow_member(follower=other_member, member=member, follow=True)
    conversation = services.direct_conversation(sender=member, recipient=other_member)
    for text in ("one", "two"):
        send(client_for(member), conversation, text)
    third = send(client_for(member), conversation, "three")
    assert "very fast" in third.content.decode()
    assert Message.objects.count() == 2


def test_nobody_else_can_read_or_post_in_a_conversation(newcomer_writes_first, client_for, client):
    conversation = newcomer_writes_first
    stranger = client_for(MemberFactory())
    for url in (
        reverse("chat:conversation", args=[conversation.pk]),
        reverse("chat:older", args=[conversation.pk]) + "?before=999",
        reverse("chat:since", args=[conversation.pk]) + "?after=0",
    ):
        assert stranger.get(url).status_code == 404
        assert client.get(url).status_code == 302  # to log in
    assert send(stranger, conversation, "let me in").status_code == 404
    message = Message.objects.get()
    assert stranger.post(reverse("chat:message-translate", args=[message.pk])).status_code == 404
    assert Message.objects.count() == 1


def test_blocking_stops_messages_and_requests_both_ways(
    newcomer_writes_first, member, other_member, client_for
):
    conversation = newcomer_writes_first
    client_for(other_member).post(reverse("chat:block-request", args=[conversation.pk]))
    assert selectors.requests_for(other_member) == []
    with pytest.raises(PermissionDenied):
        services.send_message(
            author=member, conversation=conversation, body="hey", client_id=uuid.uuid4()
        )
    with pytest.raises(PermissionDenied):
        services.direct_conversation(sender=other_member, recipient=member)
    page = client_for(member).get(reverse("chat:start", args=[other_member.username]))
    assert page.status_code == 302  # to the existing conversation, where sending fails
    # Unblocking from the privacy page.
    privacy = client_for(other_member).get(reverse("chat:privacy"))
    assert "Jess" in privacy.content.decode()
    client_for(other_member).post(reverse("chat:block", args=[member.username]), {"block": "0"})
    assert selectors.blocks(other_member) == []


def test_groups_take_up_to_twenty_and_a_member_who_leaves_reads_nothing_more(member, client_for):
    others = [MemberFactory() for _ in range(19)]
    group = services.create_group(creator=member, title="Cat people", members=others)
    with pytest.raises(ValidationError):
        services.add_to_group(adder=member, conversation=group, members=[MemberFactory()])
    leaver = others[0]
    services.leave(member=leaver, conversation=group)
    # One refused newcomer adds nobody: the others are not let in behind the error.
    services.leave(member=others[1], conversation=group)  # room for two
    welcome, closed = MemberFactory(), MemberFactory(who_may_message="nobody")
    with pytest.raises(ValidationError):
        services.add_to_group(adder=member, conversation=group, members=[welcome, closed])
    assert not group.participants.filter(member=welcome).exists()
    assert client_for(leaver).get(group.get_absolute_url()).status_code == 404
    with pytest.raises(PermissionDenied):
        services.send_message(
            author=leaver, conversation=group, body="still here?", client_id=uuid.uuid4()
        )


def test_unread_counts_and_reading(newcomer_writes_first, member, other_member, client_for):
    conversation = newcomer_writes_first
    services.accept_request(member=other_member, conversation=conversation)  # read to decide
    assert selectors.unread_message_count(other_member) == 0
    send(client_for(member), conversation, "Did you get my photos?")
    assert selectors.unread_message_count(other_member) == 1
    page = client_for(other_member).get(reverse("home"))
    assert re.search(r'id="chat-badge"\s*>1<', page.content.decode())  # shown, with 1
    client_for(other_member).get(conversation.get_absolute_url())  # reading marks it read
    assert selectors.unread_message_count(other_member) == 0
    page = client_for(other_member).get(reverse("home"))
    assert re.search(r'id="chat-badge"\s*hidden>0<', page.content.decode())  # hidden again
    assert selectors.seen_up_to(conversation, member) == Message.objects.latest("pk").pk


def test_the_conversation_page_runs_a_fixed_number_of_queries(
    member, other_member, client_for, settings
):
    settings.CHAT_MESSAGE_RATE_LIMIT = (1000, 60)
    forum_services.follow_member(follower=other_member, member=member, follow=True)
    conversation = services.direct_conversation(sender=member, recipient=other_member)
    client = client_for(member)

    def queries_with(count: int) -> int:
        while Message.objects.count() < count:
            services.send_message(
                author=member if Message.objects.count() % 2 else other_member,
                conversation=conversation,
                body=f"message {Message.objects.count()}",
                client_id=uuid.uuid4(),
            )
        with CaptureQueriesContext(connection) as queries:
            response = client.get(conversation.get_absolute_url())
        assert response.status_code == 200
        return len(queries)

    # The session's first request costs its own queries, and the first view of the
    # conversation keeps the member's answers (their blocks) for the next.
    client.get(conversation.get_absolute_url())
    # Odd counts: the newest message is always the other member's, so each view marks it read.
    assert queries_with(3) == queries_with(81)


def test_writing_to_someone_whose_request_one_deleted_reopens_the_conversation(
    newcomer_writes_first, member, other_member, client_for
):
    conversation = newcomer_writes_first
    client_for(other_member).post(reverse("chat:delete", args=[conversation.pk]))
    # Later 小蓝 changes her mind and writes from Jess's profile.
    response = client_for(other_member).post(
        reverse("chat:start", args=[member.username]),
        {"body": "抱歉，之前误删了！", "client_id": str(uuid.uuid4())},
    )
    assert response.status_code == 302
    assert client_for(other_member).get(conversation.get_absolute_url()).status_code == 200
    assert [c.pk for c in selectors.inbox(other_member)] == [conversation.pk]
