"""HTTP for an ASGI server, answered by the WSGI application: pages at WSGI speed on the same
address as the realtime socket (`make run`, the browser tests' site).

Django's own ASGI handler crosses from the event loop to a thread and back for every request
and every response part; under uvicorn it served the same page at about a quarter of
gunicorn's rate (docs/benchmarks.md). Here each request crosses once: the body is read on the
event loop, the WSGI application runs in one thread of its own (as in one gunicorn sync
worker, so database connections stay in that thread) and the response comes back whole, or in
pieces when it is large.

asgiref's WsgiToAsgi does the same job but failed under concurrency here ("CurrentThreadExecutor
already quit or is broken" for about a quarter of the answers at 16 connections), and it never
closes the response, so Django's request_finished (which closes old database connections)
never fired. Remove this module if asgiref's adapter gets both right.
"""

import asyncio
import sys
from concurrent.futures import ThreadPoolExecutor
from tempfile import SpooledTemporaryFile

from django.conf import settings

from halfway.request_size import TOO_LARGE

# A response larger than this is sent in pieces of this size while the thread reads on.
PIECE = 256 * 1024


class WsgiHttp:
    """ASGI application for the "http" scope type that runs a WSGI application in one thread."""

    def __init__(self, application):
        self.application = application
        self.executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="wsgi")

    async def __call__(self, scope, receive, send):
        with SpooledTemporaryFile(max_size=settings.DATA_UPLOAD_MAX_MEMORY_SIZE) as body:
            while True:
                message = await receive()
                if message["type"] != "http.request":  # the client went away
                    return
                body.write(message.get("body", b""))
                if not message.get("more_body"):
                    break
            body.seek(0)
            loop = asyncio.get_running_loop()
            start, rest = await loop.run_in_executor(
                self.executor, self.respond, environ(scope, body), loop, send
            )
        if start is not None:
            await send(start)
        await send({"type": "http.response.body", "body": rest})

    def respond(self, environ: dict, loop, send) -> tuple[dict | None, bytes]:
        """Run the application in its thread; return what is still to be sent."""
        start: dict = {}

        def start_response(status, headers, exc_info=None):
            start.update(
                type="http.response.start",
                status=int(status.split(" ", 1)[0]),
                headers=[(name.lower().encode("latin1"), value.encode("latin1"))
                         for name, value in headers],
            )  # fmt: skip

        response = self.application(environ, start_response)
        pending: list[bytes] = []
        size = 0
        started = False
        try:
            for chunk in response:
                pending.append(chunk)
                size += len(chunk)
                if size >= PIECE:
                    if not started:
                        self.send_from_thread(start, loop, send)
                        started = True
                    self.send_from_thread(
                        {"type": "http.response.body", "body": b"".join(pending),
                         "more_body": True},
                        loop, send,
                    )  # fmt: skip
                    pending, size = [], 0
        finally:
            # Django's request_finished: old database connections are closed, files too.
            if hasattr(response, "close"):
                response.close()
        return (None if started else start), b"".join(pending)

    @staticmethod
    def send_from_thread(message: dict, loop, send) -> None:
        asyncio.run_coroutine_threadsafe(send(message), loop).result()


def environ(scope: dict, body) -> dict:
    """The WSGI environ of an ASGI HTTP scope (PEP 3333), with the body-size mark if any."""
    path = scope["path"].encode("utf-8").decode("latin1")
    script_name = scope.get("root_path", "").encode("utf-8").decode("latin1")
    server = scope.get("server") or ("localhost", 80)
    environ = {
        "REQUEST_METHOD": scope["method"],
        "SCRIPT_NAME": script_name,
        "PATH_INFO": path.removeprefix(script_name),
        "QUERY_STRING": scope["query_string"].decode("latin1"),
        "SERVER_NAME": server[0],
        "SERVER_PORT": str(server[1] or 0),
        "SERVER_PROTOCOL": f"HTTP/{scope['http_version']}",
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": scope.get("scheme", "http"),
        "wsgi.input": body,
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }
    if scope.get("client"):
        environ["REMOTE_ADDR"] = scope["client"][0]
    if scope.get(TOO_LARGE):
        environ[TOO_LARGE] = True
    for raw_name, raw_value in scope["headers"]:
        if b"_" in raw_name:
            # X_Forwarded_For would pass for X-Forwarded-For: dropped, as gunicorn drops it.
            continue
        name = raw_name.decode("latin1").upper().replace("-", "_")
        if name not in ("CONTENT_LENGTH", "CONTENT_TYPE"):
            name = "HTTP_" + name
        value = raw_value.decode("latin1")
        environ[name] = f"{environ[name]},{value}" if name in environ else value
    if "CONTENT_LENGTH" not in environ:
        # A chunked body, read whole by now: Django reads no body without its length.
        environ["CONTENT_LENGTH"] = str(body.seek(0, 2))
        body.seek(0)
    return environ
