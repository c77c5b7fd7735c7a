"""On a loaded machine Redis answers slowly, not never: the test suite's cache waits for it,
so a rate limit still counts and a kept value is still found (the production cache answers a
miss after 2 s, its SOCKET_TIMEOUT, which a test would read as a limit let through)."""

import socket
import threading
import time

import pytest
from django.conf import settings
from django_redis.cache import RedisCache

pytestmark = pytest.mark.skipif(
    not settings.CACHES["default"]["BACKEND"].startswith("django_redis."),
    reason="the embedded cache is a folder, with no timeouts",
)

# Slower than production's 2 s socket timeout, as Redis was at a load average of 17.
SLOW_SECONDS = 2.5


class SlowRedis:
    """A proxy to the suite's Redis that holds every answer while `slow` is set."""

    def __init__(self, target: tuple[str, int]):
        self.target = target
        self.slow = threading.Event()
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            upstream = socket.create_connection(self.target)
            threading.Thread(target=self._pipe, args=(client, upstream, False), daemon=True).start()
            threading.Thread(target=self._pipe, args=(upstream, client, True), daemon=True).start()

    def _pipe(self, source, destination, is_answer):
        try:
            while data := source.recv(65536):
                if is_answer and self.slow.is_set():
                    time.sleep(SLOW_SECONDS)  # the slowness this fake is for
                destination.sendall(data)
        except OSError:
            pass
        finally:
            destination.close()

    def close(self):
        self.listener.close()


@pytest.fixture
def slow_redis():
    host, port = settings.REDIS_URL.split("//", 1)[1].split("/", 1)[0].split(":")
    proxy = SlowRedis((host, int(port)))
    yield proxy
    proxy.close()


def test_a_slow_redis_still_counts_a_rate_limit(slow_redis):
    database = settings.REDIS_URL.rsplit("/", 1)[1]
    test_settings = settings.CACHES["default"]
    cache = RedisCache(
        f"redis://127.0.0.1:{slow_redis.port}/{database}",
        {
            "KEY_PREFIX": test_settings["KEY_PREFIX"] + "-slow",
            "OPTIONS": test_settings["OPTIONS"],
        },
    )
    key = "ratelimit:slow-redis:1"
    cache.delete(key)
    assert cache.add(key, 0, timeout=60)
    assert cache.incr(key) == 1

    slow_redis.slow.set()
    assert cache.incr(key) == 2, "the count was lost to a timeout"
    slow_redis.slow.clear()
    cache.delete(key)


def test_a_value_set_without_a_timeout_is_kept_for_the_default_time():
    """Django's `cache.set(key, value)` with no timeout: the default, not a TypeError."""
    test_settings = settings.CACHES["default"]
    cache = RedisCache(
        settings.REDIS_URL,
        {"KEY_PREFIX": test_settings["KEY_PREFIX"] + "-default", "TIMEOUT": 60},
    )
    cache.set("no-timeout", "kept")
    cache.set_many({"many": "kept"})
    assert cache.add("added", "kept")
    assert cache.get_many(["no-timeout", "many", "added"]) == dict.fromkeys(
        ["no-timeout", "many", "added"], "kept"
    )
    cache.delete_many(["no-timeout", "many", "added"])
