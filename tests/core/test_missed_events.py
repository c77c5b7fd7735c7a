"""A frame the channel layer drops is noticed through the member's event numbers and served
again by /live/events/, to that member only."""

import pytest
from asgiref.sync import sync_to_async
from channels.layers import get_channel_layer
from django.test import Client
from django.urls import reverse

from core import realtime
from core.event_log import event_log
from halfway.asgi import application
from tests.websocket import (  # noqa: F401
    SocketClient,
    close_thread_connections,
    conversation_between,
    send,
    session_headers,
)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@sync_to_async
def events_after(member, after):
    client = Client()
    if member is not None:
        client.force_login(member)
    return client.get(reverse("realtime-events"), {"after": after})


@pytest.fixture
def dropped(monkeypatch):
    """The layer drops the next frame for the members named, as an overloaded one does."""
    layer = get_channel_layer()
    real_group_send = layer.group_send
    drop_for: set[str] = set()

    async def group_send(group, message):
        if group in drop_for and message["type"] == "event.dispatch":
            drop_for.discard(group)
            return
        await real_group_send(group, message)

    monkeypatch.setattr(layer, "group_send", group_send)
    return lambda member: drop_for.add(realtime.member_group(member.pk))


async def test_a_dropped_frame_is_noticed_by_its_number_and_served_again(
    member, other_member, dropped
):
    conversation = await conversation_between(member, other_member)
    socket = SocketClient(application, "/ws/", headers=await session_headers(other_member))
    assert (await socket.connect())[0]
    last = socket.hello["seq"]

    dropped(other_member)
    lost = await send(member, conversation, "This frame is dropped")
    assert await socket.receive_nothing(timeout=0.5)
    arrived = await send(member, conversation, "This one arrives")
    frame = await socket.receive_json_from(timeout=5)
    assert frame["message_id"] == arrived.pk
    assert frame["seq"] == last + 2  # the page has `last`: one frame is missing

    response = await events_after(other_member, last)
    assert response.status_code == 200
    answer = response.json()
    assert answer["resync"] is False and answer["seq"] == last + 2
    assert [(event["seq"], event["type"]) for event in answer["events"]] == [
        (last + 1, "chat.message"),
        (last + 2, "chat.message"),
    ]
    missed = answer["events"][0]
    assert missed["message_id"] == lost.pk
    assert "This frame is dropped" in missed["html"]
    assert "翻译" in missed["html"]  # rendered for 小蓝, in Chinese, as the socket would have
    await socket.disconnect()


async def test_the_pong_tells_a_quiet_page_that_its_last_frame_was_dropped(
    member, other_member, dropped
):
    conversation = await conversation_between(member, other_member)
    socket = SocketClient(application, "/ws/", headers=await session_headers(other_member))
    assert (await socket.connect())[0]
    dropped(other_member)
    await send(member, conversation, "Nothing comes after this one")
    assert await socket.receive_nothing(timeout=0.5)
    await socket.send_json_to({"type": "ping"})
    assert await socket.receive_json_from(timeout=5) == {
        "type": "pong",
        "seq": socket.hello["seq"] + 1,
    }
    await socket.disconnect()


async def test_each_member_is_served_only_their_own_frames(member, other_member):
    conversation = await conversation_between(member, other_member)
    await send(member, conversation, "Only 小蓝's copy says she may translate it")
    mine = (await events_after(member, 0)).json()["events"]
    theirs = (await events_after(other_member, 0)).json()["events"]
    assert [event["mine"] for event in mine if event["type"] == "chat.message"] == [True]
    assert [event["mine"] for event in theirs if event["type"] == "chat.message"] == [False]
    # Asking with another member's id in the query changes nothing: the stream is the
    # signed-in member's.
    client = Client()
    await sync_to_async(client.force_login)(member)
    response = await sync_to_async(client.get)(
        reverse("realtime-events"), {"after": 0, "member": other_member.pk}
    )
    assert response.json()["events"] == mine


@pytest.mark.parametrize(
    "after", ["", "-1", "1.5", "abc", "\x00", "1\x00", "9" * 40, str(2**63), "١٢"]
)
async def test_a_malformed_or_huge_position_is_a_bad_request(member, after):
    assert (await events_after(member, after)).status_code == 400


async def test_an_anonymous_visitor_gets_nothing(member, other_member):
    conversation = await conversation_between(member, other_member)
    await send(member, conversation, "private")
    response = await events_after(None, 0)
    assert response.status_code == 403
    assert b"private" not in response.content


async def test_when_the_log_no_longer_holds_the_gap_the_page_is_told_to_refresh(
    member, other_member, monkeypatch
):
    monkeypatch.setattr(event_log(), "size", 2)
    conversation = await conversation_between(member, other_member)
    last = (await events_after(other_member, 0)).json()["seq"]
    for number in range(4):
        await send(member, conversation, f"message {number}")
    answer = (await events_after(other_member, last)).json()
    assert answer["resync"] is True and answer["seq"] == last + 4
    # Instead of the frames: every badge as it is now.
    badges = {event["type"]: event for event in answer["events"]}
    assert badges["chat.unread"]["unread"] == 4
    assert "seq" not in badges["chat.unread"]
    assert "notifications.changed" in badges
    # Covered again from the newest number on.
    assert (await events_after(other_member, answer["seq"])).json() == {
        "seq": answer["seq"],
        "resync": False,
        "events": [],
    }


async def test_the_page_body_carries_the_number_it_counts_from(member, other_member):
    conversation = await conversation_between(member, other_member)
    await send(member, conversation, "one")
    client = Client()
    await sync_to_async(client.force_login)(other_member)
    page = (await sync_to_async(client.get)(reverse("chat:inbox"))).content.decode()
    newest = (await events_after(other_member, 0)).json()["seq"]
    assert newest >= 1 and f'data-realtime-seq="{newest}"' in page
