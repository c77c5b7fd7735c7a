"""Chat over the page's socket: messages, typing and "seen" reach the members of a
conversation, and no one else; membership is checked on every event and every frame."""

import re

import pytest
from asgiref.sync import sync_to_async

from chat import services
from halfway.asgi import application
from tests.factories import MemberFactory
from tests.websocket import (  # noqa: F401
    SocketClient,
    close_thread_connections,
    conversation_between,
    send,
    session_headers,
)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


async def socket_for(member) -> SocketClient:
    socket = SocketClient(application, "/ws/", headers=await session_headers(member))
    assert (await socket.connect())[0]
    return socket


async def test_a_message_reaches_every_open_page_of_the_recipient_rendered_for_them(
    member, other_member
):
    conversation = await conversation_between(member, other_member)
    first_tab, second_tab = await socket_for(other_member), await socket_for(other_member)
    message = await send(member, conversation, "Hi 小蓝! **Nice** cat.")
    for tab in (first_tab, second_tab):
        frame = await tab.receive_json_from(timeout=5)
        assert frame["type"] == "chat.message"
        assert frame["message_id"] == message.pk and frame["mine"] is False
        assert "<strong>Nice</strong>" in frame["html"]
        assert "翻译" in frame["html"]  # rendered in the recipient's language: 小蓝 reads Chinese
        assert frame["unread"] == 1
        await tab.disconnect()


async def test_a_request_lights_the_recipients_chat_badge_and_bell_live(member, other_member):
    """Jess writes first to 小蓝, who does not follow her: 小蓝's open pages learn of it."""
    conversation = await sync_to_async(services.direct_conversation)(
        sender=member, recipient=other_member
    )
    tab = await socket_for(other_member)
    await send(member, conversation, "Hi! I loved your cat photos.")
    frames = {}
    while len(frames) < 2:
        frame = await tab.receive_json_from(timeout=5)
        frames[frame["type"]] = frame
    message = frames["chat.message"]
    assert message["is_request"] is True and message["unread"] == 1
    assert re.search(r'id="chat-badge"\s*>1<', message["badge"])
    assert re.search(r'id="request-count"\s*>1<', message["requests"])  # the Requests tab
    assert frames["notifications.changed"]["unread"] == 1
    await tab.disconnect()


async def test_a_stranger_gets_nothing(member, other_member):
    conversation = await conversation_between(member, other_member)
    stranger = await sync_to_async(MemberFactory)()
    socket = await socket_for(stranger)
    await send(member, conversation, "private")
    # Even an event addressed to the stranger by mistake is checked against membership.
    from core import realtime

    message = await send(member, conversation, "still private")
    await sync_to_async(realtime.publish)("chat.message", to=[stranger.pk], message_id=message.pk)
    assert await socket.receive_nothing(timeout=0.5)
    await socket.disconnect()


async def test_a_member_who_leaves_a_group_stops_receiving_at_once(member, other_member):
    group = await sync_to_async(services.create_group)(
        creator=member, title="Dumplings", members=[other_member]
    )
    socket = await socket_for(other_member)
    await send(member, group, "first")
    assert (await socket.receive_json_from(timeout=5))["type"] == "chat.message"
    await sync_to_async(services.leave)(member=other_member, conversation=group)
    await send(member, group, "after you left")
    assert await socket.receive_nothing(timeout=0.5)
    await socket.disconnect()


async def test_typing_reaches_the_other_member_and_a_strangers_frame_goes_nowhere(
    member, other_member
):
    conversation = await conversation_between(member, other_member)
    writer, reader = await socket_for(member), await socket_for(other_member)
    await writer.send_json_to({"type": "chat.typing", "conversation": conversation.pk})
    frame = await reader.receive_json_from(timeout=5)
    assert frame == {
        "type": "chat.typing",
        "conversation": conversation.pk,
        "member_id": member.pk,
        "name": "Jess",
        "seq": reader.hello["seq"] + 1,  # typing is numbered in the member's stream too
    }
    stranger = await sync_to_async(MemberFactory)()
    intruder = await socket_for(stranger)
    await intruder.send_json_to({"type": "chat.typing", "conversation": conversation.pk})
    assert await reader.receive_nothing(timeout=0.5)
    for socket in (writer, reader, intruder):
        await socket.disconnect()


async def test_reading_tells_the_writer_seen(member, other_member):
    conversation = await conversation_between(member, other_member)
    message = await send(member, conversation, "Did you see this?")
    writer = await socket_for(member)
    await sync_to_async(services.mark_read)(
        member=other_member, conversation=conversation, message_id=message.pk
    )
    frame = await writer.receive_json_from(timeout=5)
    assert frame == {
        "type": "chat.seen",
        "conversation": conversation.pk,
        "seen_up_to": message.pk,
        "seq": writer.hello["seq"] + 1,
    }
    await writer.disconnect()


async def test_replying_reads_so_the_writer_sees_seen_but_only_when_something_was_unread(
    member, other_member
):
    conversation = await conversation_between(member, other_member)
    first = await send(member, conversation, "Did you see this?")
    writer = await socket_for(member)
    reply = await send(other_member, conversation, "Yes! 看到了")
    again = await send(other_member, conversation, "And one more")  # nothing unread before it
    mine = await send(member, conversation, "Great")
    frames = [await writer.receive_json_from(timeout=5) for _ in range(4)]
    assert [(frame["type"], frame.get("message_id")) for frame in frames] == [
        ("chat.message", reply.pk),
        ("chat.seen", None),
        ("chat.message", again.pk),
        ("chat.message", mine.pk),
    ]
    assert frames[1]["seen_up_to"] == reply.pk > first.pk
    await writer.disconnect()


async def test_a_flood_of_typing_frames_is_not_relayed(member, other_member, monkeypatch):
    monkeypatch.setattr("core.ratelimits._now", lambda: 1_000_000.0)  # one window
    conversation = await conversation_between(member, other_member)
    writer, reader = await socket_for(member), await socket_for(other_member)
    for _ in range(45):
        await writer.send_json_to({"type": "chat.typing", "conversation": conversation.pk})
    received = 0
    while not await reader.receive_nothing(timeout=0.5):
        await reader.receive_json_from()
        received += 1
    assert received == 40
    for socket in (writer, reader):
        await socket.disconnect()
