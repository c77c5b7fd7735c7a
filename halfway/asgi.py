"""The one ASGI application: Django views over HTTP, the realtime socket at /ws/."""

import os

from django.core.asgi import get_asgi_application

from halfway.settings import default_module

os.environ.setdefault("DJANGO_SETTINGS_MODULE", default_module())
django_application = get_asgi_application()

# Imported after Django is set up: consumers import models.
from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from django.urls import path  # noqa: E402

from halfway.consumers import RealtimeConsumer  # noqa: E402
from halfway.origins import SameOriginOnly  # noqa: E402
from halfway.request_size import RequestSizeLimit  # noqa: E402

application = ProtocolTypeRouter(
    {
        "http": RequestSizeLimit(django_application),
        "websocket": SameOriginOnly(
            AuthMiddlewareStack(URLRouter([path("ws/", RealtimeConsumer.as_asgi())]))
        ),
    }
)
