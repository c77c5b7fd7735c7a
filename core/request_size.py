"""How large a request body may be, and refusing a larger one before it is read.

DATA_UPLOAD_MAX_MEMORY_SIZE does not count uploaded files, so a 60 MB "avatar" would be read in
full before the form said it was too large. `WsgiRequestSizeLimit` wraps the WSGI application
(halfway/wsgi.py, which serves every page): a body announced (Content-Length) or found (counted
as it streams in) to be larger than its URL allows is not passed on; Django gets an empty body
and a mark in the environ, and `core.middleware.RequestTooLargeMiddleware` answers 413 in the
reader's language. The TLS proxy (deploy/Caddyfile) has a ceiling of its own.
"""

from collections.abc import Callable
from tempfile import SpooledTemporaryFile

from django.conf import settings
from django.urls import Resolver404, resolve

TOO_LARGE = "halfway.body_too_large"  # the environ's mark


def accepts_uploads(*, files: int) -> Callable:
    """Mark a view whose form takes up to `files` uploaded files (each up to MAX_UPLOAD_BYTES)."""

    def mark(view):
        view.upload_files = files
        return view

    return mark


def body_limit(path: str) -> int:
    """The largest body the URL at `path` accepts: a form's fields, plus its files if any."""
    try:
        files = getattr(resolve(path).func, "upload_files", 0)
    except Resolver404:
        files = 0
    return settings.DATA_UPLOAD_MAX_MEMORY_SIZE + files * settings.MAX_UPLOAD_BYTES


def exceeds(size: int, path: str) -> bool:
    """Whether `size` bytes of body are more than `path` accepts (its URL is resolved only when
    the size is more than any form without files may send)."""
    return size > settings.DATA_UPLOAD_MAX_MEMORY_SIZE and size > body_limit(path)


class WsgiRequestSizeLimit:
    """WSGI middleware: the same limit under a WSGI server (gunicorn), which hands Django a body
    that nobody has read yet.

    A body announced too large is marked and never read. A chunked body (no Content-Length) is
    read here up to one byte past the limit: Django reads no body without a Content-Length, so
    one within the limit is handed on with its length, and a larger one is marked.
    """

    CHUNK = 64 * 1024

    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        path = environ.get("PATH_INFO", "")
        length = environ.get("CONTENT_LENGTH", "")
        if length.isdigit():
            if exceeds(int(length), path):
                environ.update({TOO_LARGE: True, "CONTENT_LENGTH": "0"})
            return self.application(environ, start_response)
        if "chunked" not in environ.get("HTTP_TRANSFER_ENCODING", "").lower():
            return self.application(environ, start_response)
        limit = body_limit(path)
        # In memory up to one form's worth; a larger upload waits in a temporary file, which
        # Django has read by the time the application returns (views read the form).
        with SpooledTemporaryFile(max_size=settings.DATA_UPLOAD_MAX_MEMORY_SIZE) as body:
            received = 0
            while received <= limit:
                chunk = environ["wsgi.input"].read(min(self.CHUNK, limit + 1 - received))
                if not chunk:
                    break
                body.write(chunk)
                received += len(chunk)
            if received > limit:
                environ.update({TOO_LARGE: True, "CONTENT_LENGTH": "0"})
            else:
                body.seek(0)
                environ.update({"wsgi.input": body, "CONTENT_LENGTH": str(received)})
            return self.application(environ, start_response)
