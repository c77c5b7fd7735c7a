"""The site's URLs, plus the HTTP benchmark's ceiling: an HTML page of a given size, built
once in memory and served by a plain view through the whole middleware stack.

What the site's pages reach as a fraction of this page's throughput, at the same size and
concurrency on the same server, is the share of the limit set by the server, the middleware
and the network, not by the page's own queries and templates. Only bench/http_settings.py
names this module.
"""

from functools import lru_cache

from django.http import Http404, HttpResponse
from django.urls import path

from halfway.urls import handler400, handler403, handler500  # noqa: F401  (looked up here)
from halfway.urls import urlpatterns as site_urlpatterns

PAGE_START = (
    b'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
    b"<title>Ceiling</title></head><body><p>"
)
PAGE_END = b"</p></body></html>\n"
LARGEST = 4 * 1024 * 1024


@lru_cache(maxsize=128)
def ceiling_page(size: int) -> bytes:
    """Return an HTML page of exactly `size` bytes (cut short below the bare markup)."""
    filler = b"x" * max(0, size - len(PAGE_START) - len(PAGE_END))
    return (PAGE_START + filler + PAGE_END)[:size]


def ceiling(request, size: int):
    # A sync view, as the site's pages are, so it crosses the same sync/async boundary.
    if size > LARGEST:
        raise Http404
    return HttpResponse(ceiling_page(size))


# After the site's own patterns, so every page resolves exactly as it does in the site.
urlpatterns = [*site_urlpatterns, path("bench/ceiling/<int:size>/", ceiling, name="bench-ceiling")]
