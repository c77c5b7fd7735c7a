"""The production cache (django-redis): one Redis client kept per process and thread, not one
built per operation (building one cost about a millisecond of every signed-in page view); the
project's values kept as they are; and a Redis that is down answers misses, lets rate limits
through, still serves pages and is logged once, not once per operation."""

import logging
import socket
import threading

import pytest
import redis
from django.conf import settings
from django.core.cache import cache, caches

from community import services as community
from community.selectors import Profile
from core import ratelimits

pytestmark = pytest.mark.skipif(
    not settings.CACHES["default"]["BACKEND"].startswith("django_redis."),
    reason="the embedded cache is a folder",
)


@pytest.fixture
def redis_clients_built(monkeypatch):
    built = []
    build = redis.Redis.__init__

    def counted(self, *args, **kwargs):
        built.append(threading.current_thread().name)  # an ident is reused once it ends
        build(self, *args, **kwargs)

    monkeypatch.setattr(redis.Redis, "__init__", counted)
    return built


def test_one_client_serves_every_operation_and_threads_share_one_pool(redis_clients_built):
    cache.get("warm")
    client = cache.client.get_client(write=False)
    assert cache.client.get_client(write=True) is client
    found = {}

    def write_and_read(name):
        for _ in range(20):
            cache.set(f"shared-client:{name}", name, 30)
            found[name] = cache.get(f"shared-client:{name}")
            cache.get_many([f"shared-client:{name}", "other"])
        found[f"{name}:pool"] = caches["default"].client.get_client().connection_pool

    for _ in range(20):
        write_and_read("main")
    assert redis_clients_built == [], "a Redis client was built for an operation"
    threads = [threading.Thread(target=write_and_read, args=(str(n),)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert {name: found[name] for name in [str(n) for n in range(8)]} == {
        str(n): str(n) for n in range(8)
    }
    assert {id(found[f"{n}:pool"]) for n in range(8)} == {id(client.connection_pool)}
    # Django keeps a cache object per thread: at most one client each, however many operations.
    assert len(redis_clients_built) <= 8
    assert len(set(redis_clients_built)) == len(redis_clients_built)


@pytest.mark.django_db
def test_the_projects_values_are_kept_as_they_are(member):
    values = {
        "profile": Profile(member=member, interests=[], introduction=None, region_code="CN"),
        "page": ((b"<p>", b"</p>"), "text/html; charset=utf-8", 1.5),
        "fragment": ("<li>", "</li>"),
        "bytes": b"\x00\xff",
    }
    cache.set_many(values, 30)
    kept = cache.get_many(list(values))
    assert kept == values
    assert kept["profile"].member.pk == member.pk


@pytest.fixture
def redis_down(settings):
    """The default cache as production configures it, on a port where nothing listens."""
    with socket.create_server(("127.0.0.1", 0)) as listener:
        port = listener.getsockname()[1]
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            **settings.CACHES["default"],
            "LOCATION": f"redis://127.0.0.1:{port}/0",
            "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 1, "SOCKET_TIMEOUT": 2},
        },
    }
    for each in logging.getLogger("django_redis.cache").filters:
        each.last = float("-inf")  # no line logged yet in this outage


def test_without_redis_every_operation_answers_a_miss(redis_down):
    assert cache.get("key", "default") == "default"
    assert cache.get_many(["a", "b"]) == {}
    assert not cache.set("key", 1)
    cache.set_many({"a": 1})
    cache.delete("key")
    cache.delete_many(["a", "b"])
    assert not cache.add("key", 1)


def test_without_redis_rate_limits_let_actions_through(redis_down):
    assert all(ratelimits.within_limit("outage", 7, (2, 60)) for _ in range(5))
    assert [ratelimits.seconds_to_wait("outage", 7, 30) for _ in range(3)] == [0, 0, 0]


def test_without_redis_the_community_refresh_is_not_asked_for_at_every_view(
    redis_down, monkeypatch
):
    monkeypatch.setattr(community, "enqueue", lambda task: pytest.fail("asked without a lock"))
    assert not community.request_refresh()


@pytest.mark.django_db
def test_without_redis_pages_are_served(member, client_for, anonymous, redis_down):
    assert anonymous.get("/").status_code == 200
    assert anonymous.get("/").status_code == 200
    assert client_for(member).get("/").status_code == 200


def test_without_redis_one_warning_is_logged_not_one_per_operation(redis_down, caplog):
    caplog.set_level(logging.WARNING)
    for each in logging.getLogger("django_redis.cache").filters:
        each.last = float("-inf")  # an earlier outage test in this process logged its line
    for n in range(200):
        cache.get(f"key:{n}")
        cache.add(f"key:{n}", n)
    lines = [record for record in caplog.records if record.name == "django_redis.cache"]
    assert len(lines) == 1
    assert lines[0].levelname == "WARNING"
    assert lines[0].exc_info is None
    assert "cache unreachable (Redis ConnectionError" in lines[0].getMessage()
