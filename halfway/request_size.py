"""How large a request body may be, and refusing a larger one before it is read.

Django's ASGI handler reads the whole body before any middleware runs, and
DATA_UPLOAD_MAX_MEMORY_SIZE does not count uploaded files, so a 60 MB "avatar" used to be read
in full before the form said it was too large. `RequestSizeLimit` wraps the ASGI application:
a body announced (Content-Length) or found (counted while it streams in) to be larger than its
URL allows is not passed on; Django gets an empty body and a mark in the scope, and
`halfway.middleware.RequestTooLargeMiddleware` answers 413 with the site's page, in the
reader's language. The TLS proxy (deploy/Caddyfile) has a ceiling of its own.
"""

import asyncio
from collections.abc import Callable

from django.conf import settings
from django.urls import Resolver404, resolve

TOO_LARGE = "halfway.body_too_large"  # the scope's mark


def accepts_uploads(*, files: int) -> Callable:
    """Mark a view whose form takes up to `files` uploaded files (each up to MAX_UPLOAD_BYTES)."""

    def mark(view):
        view.upload_files = files
        return view

    return mark


def body_limit(path: str) -> int:
    """The largest body the URL at `path` accepts: a form's fields, plus its files if any."""
    if not path:
        return settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    try:
        files = getattr(resolve(path).func, "upload_files", 0)
    except Resolver404:
        files = 0
    return settings.DATA_UPLOAD_MAX_MEMORY_SIZE + files * settings.MAX_UPLOAD_BYTES


def exceeds(size: int, path: str) -> bool:
    """Whether `size` bytes of body are more than `path` accepts (its URL is resolved only when
    the size is more than any form without files may send)."""
    return size > settings.DATA_UPLOAD_MAX_MEMORY_SIZE and size > body_limit(path)


def announced_length(scope: dict) -> int | None:
    for name, value in scope.get("headers", []):
        if name == b"content-length":
            return int(value) if value.isdigit() else None
    return None


class RequestSizeLimit:
    """ASGI middleware: pass HTTP requests on with at most their URL's `body_limit` of body."""

    def __init__(self, application):
        self.application = application

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.application(scope, receive, send)
        body = LimitedBody(scope, receive)
        return await self.application(body.scope, body.receive, send)


class LimitedBody:
    """The request's `receive`, cut off (and the scope marked) past the limit."""

    def __init__(self, scope: dict, receive):
        self.scope, self.upstream = scope, receive
        self.received, self.cut, self.ended = 0, False, False
        length = announced_length(scope)
        if length is not None and exceeds(length, scope["path"]):
            headers = [
                (name, value) for name, value in scope["headers"] if name != b"content-length"
            ]
            self.scope = {**scope, "headers": [*headers, (b"content-length", b"0")]}
            self.cut_off()

    def cut_off(self) -> None:
        self.scope[TOO_LARGE] = True
        self.cut = True

    async def receive(self) -> dict:
        if self.cut:
            if not self.ended:
                self.ended = True
                return {"type": "http.request", "body": b"", "more_body": False}
            # Reading on would read the refused body: wait until the response is sent (Django
            # then cancels this wait) rather than take another byte from the client.
            await asyncio.Event().wait()
        message = await self.upstream()
        if message["type"] == "http.request":
            self.received += len(message.get("body", b""))
            # Chunked, without Content-Length, or more than it said.
            if exceeds(self.received, self.scope["path"]):
                self.cut_off()
                return await self.receive()
        return message
