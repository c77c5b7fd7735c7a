from regions.services import client_address, region_code_for_address

# Requests that may write (Django's CSRF check guards the same set): only writes store a region.
_SAFE_METHODS = frozenset(("GET", "HEAD", "OPTIONS", "TRACE"))


class ClientRegionMiddleware:
    """Give each request that may write `region_code`: a country, or "ZZ" when unknown. Only
    the code is handed on; rate limits get `regions.services.client_fingerprint`, never the
    address. Reads write no row, so they skip the lookup (docs/benchmarks.md)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in _SAFE_METHODS:
            request.region_code = region_code_for_address(client_address(request))
        return self.get_response(request)
