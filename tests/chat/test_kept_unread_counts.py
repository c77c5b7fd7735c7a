"""The header's unread counts are kept per member (every page shows them) and dropped by every
change that moves them: a page never shows a count from before a message, a read, an accepted
or deleted request, leaving or rejoining a group, a notification or reading it."""

import re
import uuid

import pytest
from django.urls import reverse

from chat import services
from chat.models import Message
from forum import services as forum_services
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


def chat_badge(client) -> int:
    page = client.get(reverse("home")).content.decode()
    shown = re.search(r'id="chat-badge"\s*(hidden)?>(\d*)<', page)
    return 0 if shown.group(1) else int(shown.group(2))


def bell(client) -> int:
    page = client.get(reverse("home")).content.decode()
    shown = re.search(r'id="notification-badge"\s*(hidden)?>(\d*)<', page)
    return 0 if shown.group(1) else int(shown.group(2))


def send(author, conversation, body="Hello!"):
    message, _new = services.send_message(
        author=author, conversation=conversation, body=body, client_id=uuid.uuid4()
    )
    return message


@pytest.fixture
def friends(member, other_member):
    """小蓝 follows Jess, so Jess's first message opens the conversation straight away."""
    forum_services.follow_member(follower=other_member, member=member, follow=True)
    return services.direct_conversation(sender=member, recipient=other_member)


def test_a_message_and_reading_it_move_the_kept_count(friends, member, other_member, client_for):
    reader = client_for(other_member)
    assert chat_badge(reader) == 0  # kept now
    message = send(member, friends)
    assert chat_badge(reader) == 1
    send(member, friends, "Are you there?")
    assert chat_badge(reader) == 2
    services.mark_read(member=other_member, conversation=friends, message_id=message.pk)
    assert chat_badge(reader) == 1
    send(other_member, friends, "我在！")  # writing is reading
    assert chat_badge(reader) == 0


def test_a_request_and_deciding_on_it_move_the_kept_count(member, other_member, client_for):
    reader = client_for(other_member)
    assert chat_badge(reader) == 0  # kept now
    conversation = services.direct_conversation(sender=member, recipient=other_member)
    send(member, conversation)
    assert chat_badge(reader) == 1  # a request waiting counts
    services.accept_request(member=other_member, conversation=conversation)
    assert chat_badge(reader) == 0  # accepting reads it
    stranger = MemberFactory()
    request = services.direct_conversation(sender=stranger, recipient=other_member)
    send(stranger, request)
    assert chat_badge(reader) == 1
    services.block_member(blocker=other_member, blocked=stranger)
    assert chat_badge(reader) == 0
    another = MemberFactory()
    request = services.direct_conversation(sender=another, recipient=other_member)
    send(another, request)
    assert chat_badge(reader) == 1
    services.delete_request(member=other_member, conversation=request)
    assert chat_badge(reader) == 0
    assert Message.objects.count() == 3


def test_leaving_and_rejoining_a_group_moves_the_kept_count(member, other_member, client_for):
    group = services.create_group(creator=member, title="Cat people", members=[other_member])
    send(member, group)
    reader = client_for(other_member)
    assert chat_badge(reader) == 1
    services.leave(member=other_member, conversation=group)
    assert chat_badge(reader) == 0
    services.add_to_group(adder=member, conversation=group, members=[other_member])
    assert chat_badge(reader) == 1


def test_a_notification_and_reading_it_move_the_kept_bell(member, other_member, client_for):
    reader = client_for(member)
    assert bell(reader) == 0  # kept now
    forum_services.follow_member(follower=other_member, member=member, follow=True)
    assert bell(reader) == 1
    forum_services.mark_notifications_read(member=member)
    assert bell(reader) == 0
