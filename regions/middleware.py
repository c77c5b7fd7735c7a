from regions.services import client_address, region_code_for_address


class ClientRegionMiddleware:
    """Give each request `region_code`: a country, or "ZZ" when unknown. Only the code is
    handed on; rate limits get `regions.services.client_fingerprint`, never the address."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.region_code = region_code_for_address(client_address(request))
        return self.get_response(request)
