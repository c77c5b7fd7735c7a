"""The bare ceiling of bench/http_load.py: a minimal Django project that answers each
measured page's own bytes from memory.

Only SecurityMiddleware and CommonMiddleware, no apps, no database, DEBUG off: what Django
itself serves on this machine, under the same WSGI server and process count as the site. A
page's requests per second over this project's, for the same bytes, is how close the page
comes to the hardware's pace. The harness writes each page's body to a file named
`<name>.html` in the folder BARE_PAGES names; the files are read once, at start.

Settings, URLs and the view in one module (ROOT_URLCONF is this module); gunicorn serves it as
`django.core.wsgi:get_wsgi_application()` with DJANGO_SETTINGS_MODULE=bench.bare_settings.
"""

import os
from pathlib import Path

from django.http import Http404, HttpResponse
from django.urls import path

SECRET_KEY = "bench-bare-ceiling-not-secret"  # noqa: S105  (serves no session, signs nothing)
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
INSTALLED_APPS: list[str] = []
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.common.CommonMiddleware",
]
ROOT_URLCONF = __name__
DATABASES: dict = {}
USE_TZ = True

BODIES = {file.stem: file.read_bytes() for file in Path(os.environ["BARE_PAGES"]).glob("*.html")}


def page(request, name: str) -> HttpResponse:
    try:
        body = BODIES[name]
    except KeyError:
        raise Http404 from None
    return HttpResponse(body, content_type="text/html; charset=utf-8")


urlpatterns = [path("<str:name>/", page)]
