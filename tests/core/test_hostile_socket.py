"""The page's socket against frames no page sends, and pages from other origins.

A malformed frame is dropped and the socket stays open (the ping after it is answered); had it
raised, the consumer would have died with a traceback and closed the socket (1011)."""

import json
import logging

import pytest
from asgiref.sync import sync_to_async

from chat import services as chat_services
from halfway.asgi import application
from tests.factories import MemberFactory
from tests.websocket import SocketClient, close_thread_connections, session_headers  # noqa: F401

SOCKET_TEST = pytest.mark.django_db(transaction=True, serialized_rollback=True)

MALFORMED_FRAMES = {
    "not JSON": {"text": "hello, is this JSON?"},
    "a binary frame": {"bytes": b"\x00\x01\x02\xff"},
    "a number too large for a float": {"text": "1e309"},
    "an id of 10^27": {"text": json.dumps({"type": "chat.typing", "conversation": 10**27})},
    "an id of 1e309": {"text": '{"type": "chat.typing", "conversation": 1e309}'},
    "a string for an id": {"text": json.dumps({"type": "chat.typing", "conversation": "a\x00"})},
    "JSON nested 100,000 deep": {"text": "[" * 100_000 + "]" * 100_000},
    "JSON nested past the recursion limit, yet short": {"text": "[" * 2000 + "]" * 2000},
    "a raw control character": {"text": '{"type": "ping\x01"}'},
    "a type that is not text": {"text": json.dumps({"type": ["chat.typing"]})},
    "a list": {"text": "[1, 2, 3]"},
}


@SOCKET_TEST
@pytest.mark.parametrize("frame", MALFORMED_FRAMES.values(), ids=MALFORMED_FRAMES.keys())
async def test_a_malformed_frame_is_dropped_and_the_socket_stays_open(member, frame, caplog):
    wang = await sync_to_async(MemberFactory)(username="wang", display_name="Wang")
    await sync_to_async(chat_services.direct_conversation)(sender=member, recipient=wang)
    socket = SocketClient(application, "/ws/", headers=await session_headers(member))
    assert (await socket.connect())[0]
    with caplog.at_level(logging.WARNING):
        await socket.send_input({"type": "websocket.receive", **frame})
        await socket.send_json_to({"type": "ping"})
        assert (await socket.receive_json_from(timeout=5))["type"] == "pong"
    assert [record for record in caplog.records if record.levelno >= logging.ERROR] == []
    await socket.disconnect()


def origin_headers(origin: str, host: str = "127.0.0.1:8000", *extra) -> list:
    return [(b"host", host.encode()), (b"origin", origin.encode()), *extra]


ORIGINS = {
    # The site at http://127.0.0.1:8000, opened from ...
    "http://127.0.0.1:8000": True,  # its own page
    "http://127.0.0.1:9999": False,  # another program on the same machine
    "https://127.0.0.1": False,  # another scheme and port
    "http://127.0.0.1": False,  # another port
    "https://127.0.0.1:8000": False,  # another scheme
    "http://localhost:8000": False,  # another host, also allowed by ALLOWED_HOSTS
    "http://127.0.0.1:8000.evil.example": False,
    "null": False,  # a sandboxed page or a file
}


@SOCKET_TEST
@pytest.mark.parametrize(("origin", "accepted"), ORIGINS.items())
async def test_only_a_page_of_the_site_itself_opens_the_socket(member, origin, accepted):
    cookie = [h for h in await session_headers(member) if h[0] == b"cookie"]
    socket = SocketClient(application, "/ws/", headers=[*origin_headers(origin), *cookie])
    assert (await socket.connect())[0] is accepted
    if accepted:
        await socket.disconnect()


@SOCKET_TEST
async def test_without_an_origin_or_a_host_allowed_the_socket_is_refused(member, settings):
    cookie = [h for h in await session_headers(member) if h[0] == b"cookie"]
    no_origin = SocketClient(application, "/ws/", headers=[(b"host", b"127.0.0.1:8000"), *cookie])
    assert (await no_origin.connect()) == (False, 1000)
    settings.ALLOWED_HOSTS = ["halfway.example"]
    foreign_host = SocketClient(
        application, "/ws/", headers=origin_headers("http://127.0.0.1:8000")
    )
    assert not (await foreign_host.connect())[0]


@SOCKET_TEST
async def test_behind_the_tls_proxy_the_https_page_opens_the_socket(member, settings):
    """Production: Caddy ends TLS and says so in X-Forwarded-Proto (SECURE_PROXY_SSL_HEADER)."""
    settings.ALLOWED_HOSTS = ["halfway.example"]
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    cookie = [h for h in await session_headers(member) if h[0] == b"cookie"]
    proxied = (b"x-forwarded-proto", b"https")
    for origin, accepted in [("https://halfway.example", True), ("http://halfway.example", False)]:
        headers = [*origin_headers(origin, "halfway.example", proxied), *cookie]
        socket = SocketClient(application, "/ws/", headers=headers)
        assert (await socket.connect())[0] is accepted, origin
        if accepted:
            await socket.disconnect()
    # Without the proxy's word, an https page and a plain socket do not match.
    socket = SocketClient(
        application, "/ws/", headers=[*origin_headers("https://halfway.example", "halfway.example")]
    )
    assert not (await socket.connect())[0]
