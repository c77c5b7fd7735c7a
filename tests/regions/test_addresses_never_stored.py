"""A region tag is kept; the address it came from is not, anywhere: tables, sessions, logs."""

import io
import logging

import pytest
from allauth.account.adapter import get_adapter
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.test import Client, RequestFactory
from django.urls import reverse
from django_redis import get_redis_connection

from forum.models import Thread
from tests.factories import PASSWORD, MemberFactory, category

# Real public addresses from several countries, and one a client made up for X-Forwarded-For.
ADDRESSES = {
    "8.8.8.8": "US",
    "114.114.114.114": "CN",
    "81.2.69.142": "GB",
    "200.147.67.142": "BR",
    "2001:4860:4860::8888": "US",
}
SPOOFED = "203.0.113.77"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_writing_from_many_addresses_stores_regions_and_no_address(caplog):
    caplog.set_level(logging.DEBUG)
    thread = None
    for index, address in enumerate(ADDRESSES):
        client = Client(REMOTE_ADDR=address, HTTP_X_FORWARDED_FOR=SPOOFED)
        # Sign up, log in, post, reply, react and introduce, all from this address.
        client.post(
            reverse("account_signup"),
            {
                "username": f"writer{index}",
                "email": f"writer{index}@example.com",
                "password1": PASSWORD,
                "password2": PASSWORD,
            },
        )
        member = MemberFactory(username=f"poster{index}")
        client.post(reverse("account_login"), {"login": member.username, "password": PASSWORD})
        if thread is None:
            client.post(
                reverse("forum:thread-new"),
                {"category": category().pk, "title": "Where are you writing from?", "body": "Hi"},
            )
            thread = Thread.objects.get(title="Where are you writing from?")
        client.post(reverse("forum:thread-reply", args=[thread.pk]), {"body": f"From {index}"})
        opening = thread.posts.get(number=1)
        client.post(reverse("forum:post-react", args=[opening.pk]), {"kind": "heart"})
        client.post(
            reverse("forum:introduction-mine"),
            {
                "title": f"Introduction number {index}",
                "who_i_am": "Someone",
                "where_from": "Somewhere",
                "languages_spoken": ["en"],
            },
        )

    regions = set(thread.posts.exclude(number=1).values_list("region_code", flat=True))
    assert regions == set(ADDRESSES.values())

    # Rate limits must tell clients apart: by a keyed hash, stable per client.
    adapter = get_adapter()
    requests = [RequestFactory().get("/", REMOTE_ADDR=address) for address in ADDRESSES]
    fingerprints = [adapter.get_client_ip(request) for request in requests]
    assert len(set(fingerprints)) == len(set(ADDRESSES))
    assert fingerprints[0] == adapter.get_client_ip(
        RequestFactory().get("/", REMOTE_ADDR="8.8.8.8")
    )
    cache_keys = ""
    if settings.CACHES["default"]["BACKEND"].endswith("RedisCache"):
        client = get_redis_connection("default")
        cache_keys = " ".join(key.decode() for key in client.scan_iter("*"))

    dump = io.StringIO()
    call_command("dumpdata", stdout=dump)
    sessions = " ".join(str(session.get_decoded()) for session in Session.objects.all())
    everything = " ".join([dump.getvalue(), sessions, caplog.text, cache_keys, *fingerprints])
    for address in [*ADDRESSES, SPOOFED]:
        assert address not in everything, f"{address} was stored or logged"
