import pytest
from django.test import RequestFactory

from regions.middleware import ClientRegionMiddleware
from regions.names import country_name
from regions.services import client_address, region_code_for_address


def region_of(settings, remote_addr, forwarded=None, trusted=()):
    settings.TRUSTED_PROXIES = list(trusted)
    headers = {"REMOTE_ADDR": remote_addr}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    request = RequestFactory().get("/", **headers)
    return region_code_for_address(client_address(request))


@pytest.mark.parametrize(
    ("address", "region"),
    [
        ("8.8.8.8", "US"),
        ("114.114.114.114", "CN"),
        ("81.2.69.142", "GB"),
        ("200.147.67.142", "BR"),
        ("2001:4860:4860::8888", "US"),
        ("::ffff:114.114.114.114", "CN"),  # IPv4-mapped IPv6, as dual-stack servers report
        ("127.0.0.1", "ZZ"),
        ("10.1.2.3", "ZZ"),
        ("not an address", "ZZ"),
    ],
)
def test_the_peer_address_gives_the_region(settings, address, region):
    assert region_of(settings, address) == region


def test_a_client_cannot_choose_its_region_with_x_forwarded_for(settings):
    assert region_of(settings, "8.8.8.8", forwarded="114.114.114.114") == "US"


def test_x_forwarded_for_is_believed_from_a_trusted_proxy(settings):
    region = region_of(settings, "10.0.0.5", forwarded="114.114.114.114", trusted=["10.0.0.0/8"])
    assert region == "CN"


def test_only_the_hop_the_trusted_proxy_saw_counts(settings):
    # The client wrote "8.8.8.8" itself; the proxy appended the address it really saw.
    region = region_of(
        settings, "10.0.0.5", forwarded="8.8.8.8, 114.114.114.114", trusted=["10.0.0.0/8"]
    )
    assert region == "CN"


def test_region_names_in_both_languages():
    assert country_name("US", "zh-hans") == "美国"
    assert country_name("CN", "en") == "China"
    assert country_name("", "en") is None
    assert country_name("ZZ", "zh-hans") == "未知"
    assert country_name("hk", "zh-hans") == "中国香港"  # the tag's short form, not CLDR's long one
    assert country_name("KR", "zh-hans") == "韩国"


@pytest.mark.parametrize(("method", "looked_up"), [("get", False), ("head", False), ("post", True)])
def test_only_requests_that_may_write_get_a_region(method, looked_up):
    request = getattr(RequestFactory(), method)("/", REMOTE_ADDR="200.147.67.142")
    ClientRegionMiddleware(lambda request: None)(request)
    assert getattr(request, "region_code", None) == ("BR" if looked_up else None)
