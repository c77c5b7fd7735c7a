import mimetypes
import sys

from asgiref.sync import sync_to_async
from django.db import InterfaceError, OperationalError
from django.http import FileResponse, HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from core import health
from halfway import media as media_files

RETRY_AFTER_SECONDS = 10


@never_cache
@require_GET
async def healthz(request):
    """200 when the database, the broker and the channel layer all answer; 503 names who didn't."""
    checks = {
        "database": await sync_to_async(health.database_answers)(),
        "broker": await sync_to_async(health.broker_answers, thread_sensitive=False)(),
        "channel_layer": await health.channel_layer_answers(),
    }
    healthy = all(checks.values())
    body = {
        "status": "ok" if healthy else "unavailable",
        "checks": {name: "ok" if ok else "unavailable" for name, ok in checks.items()},
    }
    return JsonResponse(body, status=200 if healthy else 503)


@require_GET
def media(request, path):
    """Serve an uploaded file to whoever may see it. Names are content hashes, so a reader's
    browser keeps it for a year."""
    public = media_files.check_can_read(request.user, path)
    content_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
    # FileResponse closes the file when the response is done.
    response = FileResponse(media_files.open_file(path), content_type=content_type)
    scope = "public" if public else "private"
    response["Cache-Control"] = f"{scope}, max-age=31536000, immutable"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; sandbox"
    return response


def bad_request(request, exception):
    return render(request, "400.html", status=400)


def permission_denied(request, exception):
    # The views' reasons are written for members ("This thread is locked: no new replies.").
    reason = str(exception) if exception and exception.args else ""
    return render(request, "403.html", {"reason": reason}, status=403)


def csrf_failure(request, reason=""):
    """A form sent without its token: most often a page left open past a sign-out or a
    session's end. The browser's Back button still holds what was typed."""
    return render(request, "403_csrf.html", status=403)


# What the database driver raises when the server is down or restarting (psycopg's, and the
# connection pool's timeout, both arrive as Django's OperationalError or InterfaceError).
DATABASE_UNAVAILABLE = (OperationalError, InterfaceError)


def server_error(request):
    """500, or 503 with Retry-After when the database is unreachable: a restart is not a bug,
    and the page says to try again shortly. Rendered without the request's context
    processors, which would ask the database (who is signed in) once more."""
    exception = sys.exception()
    if isinstance(exception, DATABASE_UNAVAILABLE):
        response = HttpResponse(render_to_string("503.html"), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return HttpResponseServerError(render_to_string("500.html"))
