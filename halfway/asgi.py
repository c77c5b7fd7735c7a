"""The one ASGI application: the realtime socket at /ws/, and Django's pages over HTTP through
the WSGI application, so one address serves both (`make run`, the browser tests' site, the `ws`
role). Production serves pages from gunicorn instead (`deploy/start web`).

Pages go through a2wsgi's WSGIMiddleware with one thread, as in one gunicorn sync worker:
Django's own ASGI handler crossed from the event loop to a thread and back for every request
and served the same page at about a quarter of gunicorn's rate here (docs/benchmarks.md).
"""

from a2wsgi import WSGIMiddleware
from django.core.asgi import get_asgi_application

# Sets Django up (with the same settings default as every entry point).
from halfway.wsgi import application as wsgi_application

django_asgi_handler = get_asgi_application()

# Imported after Django is set up: consumers import models.
from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from django.urls import path  # noqa: E402

from core.consumers import RealtimeConsumer  # noqa: E402
from core.origins import SameOriginOnly  # noqa: E402

socket = SameOriginOnly(AuthMiddlewareStack(URLRouter([path("ws/", RealtimeConsumer.as_asgi())])))

application = ProtocolTypeRouter(
    {"http": WSGIMiddleware(wsgi_application, workers=1), "websocket": socket}
)

# Django's own ASGI handler for HTTP: only bench/server_choices.py serves it, to compare.
django_asgi_application = ProtocolTypeRouter({"http": django_asgi_handler, "websocket": socket})
