"""A WebSocket client for consumer tests, on asgiref's ApplicationCommunicator.

channels.testing would do, but importing it pulls in daphne (its live-server test case),
which Halfway does not run; this keeps the test dependencies to what the app uses.
"""

import asyncio
import json
import uuid
from urllib.parse import unquote, urlparse

import pytest
from asgiref.sync import sync_to_async
from asgiref.testing import ApplicationCommunicator
from channels.layers import get_channel_layer
from django.conf import settings
from django.db import connections
from django.test import Client

from chat import services as chat_services
from forum import services as forum_services


class SocketClient(ApplicationCommunicator):
    def __init__(self, application, path: str, headers=None):
        parsed = urlparse(path)
        headers = list(headers or [])
        if not any(name == b"host" for name, _value in headers):
            headers.append((b"host", b"localhost"))  # as every browser sends
        scope = {
            "type": "websocket",
            "path": unquote(parsed.path),
            "query_string": parsed.query.encode(),
            "headers": headers,
            "subprotocols": [],
        }
        super().__init__(application, scope)
        self._pending: list[dict] = []
        self.hello: dict | None = None

    async def connect(self, timeout: float = 1) -> tuple[bool, int | None]:
        """(True, None) when accepted; (False, close code) when refused or closed at once."""
        await self.send_input({"type": "websocket.connect"})
        response = await self.receive_output(timeout)
        if response["type"] == "websocket.close":
            # As a server does once the socket is closed: the application (a refusing
            # consumer still listens on its channel) ends now, not cancelled at teardown.
            await self.disconnect(response.get("code", 1000), timeout=10)
            return False, response.get("code", 1000)
        assert response["type"] == "websocket.accept", response
        # A signed-in member's socket first says where their event stream stands; a refused
        # one closes instead (kept for the test to read).
        first = await self.receive_output(timeout)
        if first["type"] == "websocket.send":
            self.hello = json.loads(first["text"])
            assert self.hello["type"] == "socket.hello", self.hello
        else:
            self._pending.append(first)
        return True, None

    async def receive_output(self, timeout: float = 1):
        if self._pending:
            return self._pending.pop(0)
        return await super().receive_output(timeout)

    async def send_json_to(self, data) -> None:
        await self.send_input({"type": "websocket.receive", "text": json.dumps(data)})

    async def receive_json_from(self, timeout: float = 1):
        response = await self.receive_output(timeout)
        assert response["type"] == "websocket.send", response
        return json.loads(response["text"])

    async def disconnect(self, code: int = 1000, timeout: float = 1) -> None:
        await self.send_input({"type": "websocket.disconnect", "code": code})
        await self.wait(timeout)


@sync_to_async
def session_headers(member):
    """What a signed-in member's browser sends when its page opens the socket."""
    client = Client()
    client.force_login(member)
    cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    return [(b"cookie", cookie.encode()), (b"origin", b"http://localhost")]


@pytest.fixture(autouse=True)
async def close_thread_connections():
    """The consumer's database work runs in asgiref's thread; close its connection after each
    test, or PostgreSQL refuses to drop the test database while it is still open.
    (Import it into a test module to use it there.)"""
    yield
    await sync_to_async(connections.close_all)()
    # The Redis layer's receive loop blocks in Redis for up to its read timeout and is shielded
    # from cancellation; closing its pools ends it, so this test's event loop can close. Only
    # this loop's: the process's sending loop (core/realtime.py) keeps its own.
    this_loop = getattr(get_channel_layer(), "_layers", {}).pop(asyncio.get_running_loop(), None)
    if this_loop is not None:
        await this_loop.flush()


@sync_to_async
def conversation_between(sender, recipient):
    forum_services.follow_member(follower=recipient, member=sender, follow=True)
    return chat_services.direct_conversation(sender=sender, recipient=recipient)


@sync_to_async
def send(author, conversation, body):
    message, _new = chat_services.send_message(
        author=author, conversation=conversation, body=body, client_id=uuid.uuid4()
    )
    return message
