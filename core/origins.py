"""The page's socket opens only from a page of this site: scheme, host and port all equal."""

from channels.security.websocket import WebsocketDenier
from django.conf import settings
from django.http.request import split_domain_port, validate_host


def site_origin(scope: dict) -> str | None:
    """The origin of this site as the socket's request names it (its Host header, and https
    when the socket is secure or the trusted proxy says so), or None for a host not allowed."""
    headers = dict(scope.get("headers", []))
    host = headers.get(b"host", b"").decode("latin1").lower()
    domain, _port = split_domain_port(host)
    if not domain or not validate_host(domain, settings.ALLOWED_HOSTS):
        return None
    secure = scope.get("scheme") == "wss"
    proxy_header = getattr(settings, "SECURE_PROXY_SSL_HEADER", None)
    if proxy_header:
        # Django's name for it (HTTP_X_FORWARDED_PROTO): the header x-forwarded-proto.
        name = proxy_header[0].removeprefix("HTTP_").replace("_", "-").lower().encode()
        secure = secure or headers.get(name, b"").decode("latin1") == proxy_header[1]
    return f"{'https' if secure else 'http'}://{host}"


def allowed_origin(scope: dict) -> bool:
    """Whether the socket's Origin is this site's own, or one trusted as forms trust it
    (CSRF_TRUSTED_ORIGINS, exact entries)."""
    origin = dict(scope.get("headers", [])).get(b"origin", b"").decode("latin1").lower()
    if not origin:
        return False
    return origin == site_origin(scope) or origin in settings.CSRF_TRUSTED_ORIGINS


class SameOriginOnly:
    """ASGI middleware for the socket. Channels' AllowedHostsOriginValidator compares only the
    host name with ALLOWED_HOSTS, so a page on another port or scheme of the same host (another
    program on the machine, an http page of an https site) could open a member's socket with
    their cookies."""

    def __init__(self, application):
        self.application = application

    async def __call__(self, scope, receive, send):
        if allowed_origin(scope):
            return await self.application(scope, receive, send)
        return await WebsocketDenier()(scope, receive, send)
