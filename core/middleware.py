from django.conf import settings
from django.core.exceptions import BadRequest
from django.shortcuts import render
from django.template.defaultfilters import filesizeformat

from core import request_size


class Middleware:
    """Made once with the next handler; each subclass's __call__ takes a request."""

    def __init__(self, get_response):
        self.get_response = get_response


class ContentSecurityPolicyMiddleware(Middleware):
    """Pages may run only the site's own scripts and styles: no inline code, no other hosts.

    Member-written HTML is sanitized on the way in; this is the second wall if that ever fails.
    """

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", settings.CONTENT_SECURITY_POLICY)
        return response


class RefuseNulCharactersMiddleware(Middleware):
    """A NUL character has no place in a URL, and PostgreSQL refuses it in any text, so one in
    a path or query string would fail deep inside a query: answered 400 here, for every URL
    including third-party ones (forms refuse it in their fields, as Django's CharField does).
    Placed after the language and the member are known: the 400 page is in their language."""

    def __call__(self, request):
        # The query string is decoded only when it could hold a NUL (raw or as %00): most
        # requests have none, and decoding it is most of this middleware's cost.
        query = request.META.get("QUERY_STRING", "")
        if "\x00" in request.path or (
            ("%00" in query or "\x00" in query)
            and any(
                "\x00" in key or any("\x00" in value for value in values)
                for key, values in request.GET.lists()
            )
        ):
            raise BadRequest("NUL character in the URL")
        return self.get_response(request)


class RequestTooLargeMiddleware(Middleware):
    """413 for a body larger than its URL accepts (core.request_size): marked by the WSGI
    wrapper, which never read it, or announced by Content-Length where no wrapper stands
    (tests), where nothing has read it yet either."""

    def __call__(self, request):
        announced = request.META.get("CONTENT_LENGTH", "")
        marked = request.META.get(request_size.TOO_LARGE, False)
        if marked or (
            announced.isdigit() and request_size.exceeds(int(announced), request.path_info)
        ):
            limit = request_size.body_limit(request.path_info)
            return render(request, "413.html", {"limit": filesizeformat(limit)}, status=413)
        return self.get_response(request)
