"""Region tags: the country a request comes from, never the address itself.

This module is the only code that reads a client address. It hands the rest of Halfway a
two-letter country code (or None) that services store on the rows they create.
"""

import hashlib
import hmac
import ipaddress
from functools import lru_cache

import iptocc
from django.conf import settings
from django.http import HttpRequest

from regions.names import UNKNOWN_REGION


@lru_cache(maxsize=8)
def _trusted_networks(proxies: tuple[str, ...]) -> tuple[ipaddress._BaseNetwork, ...]:
    return tuple(ipaddress.ip_network(proxy, strict=False) for proxy in proxies)


def _parse(address: str) -> ipaddress._BaseAddress | None:
    try:
        parsed = ipaddress.ip_address(address.strip().strip("[]"))
    except ValueError:
        return None
    # iptocc knows nothing of IPv4-mapped IPv6 (::ffff:8.8.8.8); look up the IPv4 inside.
    if isinstance(parsed, ipaddress.IPv6Address) and parsed.ipv4_mapped:
        return parsed.ipv4_mapped
    return parsed


def client_address(request: HttpRequest) -> ipaddress._BaseAddress | None:
    """Return the client's address: the peer, or X-Forwarded-For only from trusted proxies.

    Walks X-Forwarded-For from the right, skipping trusted proxies, so a client cannot
    choose its own region by sending the header itself.
    """
    peer = _parse(request.META.get("REMOTE_ADDR", ""))
    trusted = _trusted_networks(tuple(settings.TRUSTED_PROXIES))
    if peer is None or not any(peer in network for network in trusted):
        return peer
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    for hop in reversed([part for part in forwarded.split(",") if part.strip()]):
        address = _parse(hop)
        if address is None:
            return None
        if not any(address in network for network in trusted):
            return address
    return peer


def client_fingerprint(request: HttpRequest) -> str:
    """A stand-in for the client address where one must be told apart from another (rate
    limits): a keyed hash, so a cache or a log holding it never holds the address."""
    address = client_address(request)
    if isinstance(address, ipaddress.IPv6Address):
        # One IPv6 client holds a whole /64: count the network, not each address in it.
        address = ipaddress.ip_network(f"{address}/64", strict=False).network_address
    return hmac.new(
        settings.SECRET_KEY.encode(), str(address).encode(), hashlib.sha256
    ).hexdigest()[:32]


def region_code_for_address(address: ipaddress._BaseAddress | None) -> str:
    """Return the ISO 3166-1 alpha-2 country of an address; "ZZ" for private or unknown ones."""
    if address is None or not address.is_global:
        return UNKNOWN_REGION
    return iptocc.country_code(str(address)) or UNKNOWN_REGION
