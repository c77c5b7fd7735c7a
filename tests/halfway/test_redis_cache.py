"""The production cache keeps one Redis client per connection pool (halfway/cache.py): Django
builds a new one for every operation, and building one cost about a millisecond of every
signed-in page view."""

import threading

import pytest
from django.conf import settings
from django.core.cache import cache

pytestmark = pytest.mark.skipif(
    not settings.CACHES["default"]["BACKEND"].endswith("ResilientRedisCache"),
    reason="the embedded cache is a folder",
)


def test_one_client_serves_every_operation_and_every_thread():
    client = cache._cache.get_client()
    assert cache._cache.get_client(write=True) is client
    found = {}

    def write_and_read(name):
        cache.set(f"shared-client:{name}", name, 30)
        found[name] = cache.get(f"shared-client:{name}")

    threads = [threading.Thread(target=write_and_read, args=(str(n),)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert found == {str(n): str(n) for n in range(8)}
