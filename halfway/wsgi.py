"""The WSGI application: Django's pages over HTTP, as gunicorn serves them in production
(`deploy/start web`). The realtime socket is the ASGI application's (halfway/asgi.py)."""

import os

from django.core.wsgi import get_wsgi_application

from halfway.settings import default_module

os.environ.setdefault("DJANGO_SETTINGS_MODULE", default_module())
django_wsgi_handler = get_wsgi_application()

# Imported after Django is set up: the limit resolves URLs with the settings.
from core.request_size import WsgiRequestSizeLimit  # noqa: E402

application = WsgiRequestSizeLimit(django_wsgi_handler)
