"""The page's socket: who may open it, and events reaching it from another process."""

import asyncio
import os
import subprocess
import sys

import pytest
from asgiref.sync import sync_to_async

from core import realtime
from halfway.asgi import application
from tests.websocket import SocketClient, close_thread_connections, session_headers  # noqa: F401

PUBLISH_FROM_ANOTHER_PROCESS = """
import django
django.setup()
from core import realtime
# Rendered already (this process cannot read the test's database): numbered and sent here.
realtime.deliver({{{member_id}: {{"type": "test.greeting", "text": "你好 from another process"}}}})
"""


@pytest.fixture
def greeting_renderer():
    realtime.register("test.greeting", lambda member, payload: {"text": payload["text"]})
    yield
    realtime._renderers.pop("test.greeting")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
async def test_an_event_published_by_another_process_reaches_the_members_socket(
    member, greeting_renderer
):
    communicator = SocketClient(application, "/ws/", headers=await session_headers(member))
    connected, _ = await communicator.connect()
    assert connected

    # A separate Python process, as a Celery worker would be, with the same settings.
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "halfway.settings.test"}
    subprocess.run(
        [sys.executable, "-c", PUBLISH_FROM_ANOTHER_PROCESS.format(member_id=member.pk)],
        env=env,
        check=True,
        timeout=60,
    )

    frame = await communicator.receive_json_from(timeout=5)
    # Numbered in the member's stream, which every process shares.
    assert frame == {
        "type": "test.greeting",
        "text": "你好 from another process",
        "seq": communicator.hello["seq"] + 1,
    }
    await communicator.disconnect()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
async def test_an_event_for_one_member_does_not_reach_another(
    member, other_member, greeting_renderer
):
    communicator = SocketClient(application, "/ws/", headers=await session_headers(other_member))
    assert (await communicator.connect())[0]
    await sync_to_async(realtime.publish)("test.greeting", to=[member.pk], text="private")
    assert await communicator.receive_nothing(timeout=0.5)
    await sync_to_async(realtime.publish)("test.greeting", to=[other_member.pk], text="yours")
    assert (await communicator.receive_json_from(timeout=5))["text"] == "yours"
    await communicator.disconnect()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
async def test_an_anonymous_visitor_cannot_open_the_socket():
    communicator = SocketClient(application, "/ws/", headers=[(b"origin", b"http://localhost")])
    connected, _ = await communicator.connect()
    assert connected  # accepted only so that the close code reaches the browser
    closing = await communicator.receive_output(timeout=5)
    assert closing == {"type": "websocket.close", "code": 4401}


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
async def test_a_page_from_another_site_cannot_open_the_socket(member):
    headers = [h for h in await session_headers(member) if h[0] != b"origin"]
    communicator = SocketClient(
        application, "/ws/", headers=[*headers, (b"origin", b"https://evil.example")]
    )
    connected, _ = await communicator.connect()
    assert not connected


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
async def test_a_member_banned_while_connected_gets_nothing_more(member, greeting_renderer):
    communicator = SocketClient(application, "/ws/", headers=await session_headers(member))
    assert (await communicator.connect())[0]
    await sync_to_async(type(member).objects.filter(pk=member.pk).update)(is_active=False)
    await sync_to_async(realtime.publish)("test.greeting", to=[member.pk], text="still there?")
    assert await communicator.receive_output(timeout=5) == {"type": "websocket.close", "code": 4401}


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
async def test_a_quiet_socket_stays_open_and_still_delivers(member, greeting_renderer):
    """Nothing happens for longer than the layer's 5 s blocking read; the socket must live on
    (with Redis, a client read timeout shorter than that read tore it down every 5 s)."""
    communicator = SocketClient(application, "/ws/", headers=await session_headers(member))
    assert (await communicator.connect())[0]
    assert await communicator.receive_nothing(timeout=6.5, interval=0.5)
    await sync_to_async(realtime.publish)("test.greeting", to=[member.pk], text="still here")
    assert (await communicator.receive_json_from(timeout=5))["text"] == "still here"
    await communicator.disconnect()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
async def test_a_member_suspended_while_connected_is_cut_off_and_cannot_reconnect(
    member, moderator, greeting_renderer
):
    from datetime import timedelta

    from django.utils import timezone

    from moderation import services as moderation_services

    headers = await session_headers(member)
    communicator = SocketClient(application, "/ws/", headers=headers)
    assert (await communicator.connect())[0]
    await sync_to_async(moderation_services.suspend_member)(
        moderator=moderator,
        member=member,
        until=timezone.now() + timedelta(days=1),
        reason="Spam",
    )
    await sync_to_async(realtime.publish)("test.greeting", to=[member.pk], text="still there?")
    assert await communicator.receive_output(timeout=5) == {"type": "websocket.close", "code": 4401}
    again = SocketClient(application, "/ws/", headers=headers)
    assert (await again.connect())[0]
    assert await again.receive_output(timeout=5) == {"type": "websocket.close", "code": 4401}


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
async def test_an_event_for_a_page_that_closed_meanwhile_is_dropped_without_an_error(
    member, greeting_renderer
):
    # The server's side of a page that closed while its event was rendered: ASGI servers
    # (uvicorn's ClientDisconnected) refuse a send on a closed socket with an OSError.
    inbox: asyncio.Queue = asyncio.Queue()
    accepted, send_refused = asyncio.Event(), asyncio.Event()

    async def send(message):
        if message["type"] == "websocket.accept":
            accepted.set()
        elif message["type"] == "websocket.send":
            if "too late" in message["text"]:  # (the hello before it is refused too)
                send_refused.set()
            raise OSError("the page closed")

    scope = SocketClient(application, "/ws/", headers=await session_headers(member)).scope
    consumer = asyncio.ensure_future(application(scope, inbox.get, send))
    await inbox.put({"type": "websocket.connect"})
    await asyncio.wait_for(accepted.wait(), 5)
    await sync_to_async(realtime.publish)("test.greeting", to=[member.pk], text="too late")
    await asyncio.wait_for(send_refused.wait(), 5)

    # The disconnect that was waiting behind the event ends the consumer, without an error
    # for the server to log.
    await inbox.put({"type": "websocket.disconnect", "code": 1001})
    await asyncio.wait_for(consumer, 5)


@pytest.mark.django_db
def test_members_who_may_no_longer_receive_are_cut_off_whether_named_or_given(
    member, other_member, moderator
):
    """A publisher names members by id (read at publishing) or gives the members it has just
    read: either way a suspended member's sockets are closed, not sent to."""
    from datetime import timedelta

    from django.utils import timezone

    from accounts.models import Member
    from moderation import services as moderation_services

    moderation_services.suspend_member(
        moderator=moderator,
        member=other_member,
        until=timezone.now() + timedelta(days=1),
        reason="Spam",
    )
    assert realtime.current_members([member.pk, other_member.pk]) == ([member], [other_member.pk])
    just_read = Member.objects.get(pk=other_member.pk)
    assert realtime.current_members([member, just_read]) == ([member], [other_member.pk])
    assert realtime.current_members([member, other_member.pk]) == ([member], [other_member.pk])
