"""Where a form may send the member next: only somewhere on this site."""

from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme


def local_url(request: HttpRequest, wanted: str | None, fallback: str) -> str:
    """`wanted` when it is a path on this site, else `fallback`.

    A form's "next" or "content_url" comes from the request, so anyone can make a link that
    posts one: `//evil.example/` or `/\\evil.example/` would send the member off-site (browsers
    read both as another host), and a bare word would be taken for a URL name by `redirect()`.
    """
    if (
        wanted
        and wanted.startswith("/")
        and url_has_allowed_host_and_scheme(
            wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return wanted
    return fallback
