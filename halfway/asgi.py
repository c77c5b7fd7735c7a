"""The one ASGI application: the realtime socket at /ws/, and Django's pages over HTTP through
the WSGI application (halfway/wsgi_http.py), so one address serves both (`make run`, the `ws`
role). Production serves pages from gunicorn instead (`deploy/start web`)."""

from django.core.asgi import get_asgi_application

# Sets Django up (with the same settings default as every entry point).
from halfway.wsgi import application as wsgi_application

django_asgi_handler = get_asgi_application()

# Imported after Django is set up: consumers import models.
from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from django.urls import path  # noqa: E402

from halfway.consumers import RealtimeConsumer  # noqa: E402
from halfway.origins import SameOriginOnly  # noqa: E402
from halfway.request_size import RequestSizeLimit  # noqa: E402
from halfway.wsgi_http import WsgiHttp  # noqa: E402

socket = SameOriginOnly(AuthMiddlewareStack(URLRouter([path("ws/", RealtimeConsumer.as_asgi())])))

application = ProtocolTypeRouter(
    {"http": RequestSizeLimit(WsgiHttp(wsgi_application)), "websocket": socket}
)

# Django's own ASGI handler for HTTP: only bench/server_choices.py serves it, to compare.
django_asgi_application = ProtocolTypeRouter(
    {"http": RequestSizeLimit(django_asgi_handler), "websocket": socket}
)
