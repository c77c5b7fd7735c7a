from django.conf import settings


class ContentSecurityPolicyMiddleware:
    """Pages may run only the site's own scripts and styles: no inline code, no other hosts.

    Member-written HTML is sanitized on the way in; this is the second wall if that ever fails.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", settings.CONTENT_SECURITY_POLICY)
        return response
