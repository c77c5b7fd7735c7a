"""The cache in production: Redis, and a Redis that is down must not take pages with it.

Everything Halfway keeps in the cache can be done without for a while: rate-limit counters
(actions are let through, as with a fresh window), the watched-words list and DeepL's usage
figures (read from their source again), the community page's refresh token (the refresh is
asked for again), signed-out readers' kept pages and kept posts (rendered again), members'
kept unread counts and feed settings (counted and read again; one dropped while Redis was
away may show its old value until it expires, five minutes at most). So a connection error
is logged and answered as a miss, never raised.
"""

import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

UNREACHABLE = (RedisConnectionError, RedisTimeoutError)
_LOG_EVERY_SECONDS = 10


class SharedClientRedisCacheClient(RedisCacheClient):
    """Django's Redis client, with one redis.Redis per connection pool instead of a new one for
    every operation: building one fills its table of response callbacks, about 0.23 ms, five
    times a signed-in page view here (bench/page_profile.py). A redis.Redis is safe to share
    between threads: each command takes a connection from the pool."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            pool = self._get_connection_pool(write)
            client = self._clients[index] = self._client(connection_pool=pool)
        return client


class ResilientRedisCache(RedisCache):
    _last_logged = 0.0

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = SharedClientRedisCacheClient

    def _unreachable(self, operation: str, error: Exception) -> None:
        now = time.monotonic()
        # One line every few seconds, not one per request, while Redis is away.
        if now - ResilientRedisCache._last_logged > _LOG_EVERY_SECONDS:
            ResilientRedisCache._last_logged = now
            logger.warning("cache unreachable (%s): %s; carrying on without it", operation, error)

    def get(self, key, default=None, version=None):
        try:
            return super().get(key, default, version)
        except UNREACHABLE as error:
            self._unreachable("get", error)
            return default

    def get_many(self, keys, version=None):
        try:
            return super().get_many(keys, version)
        except UNREACHABLE as error:
            self._unreachable("get_many", error)
            return {}

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().set(key, value, timeout, version)
        except UNREACHABLE as error:
            self._unreachable("set", error)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        """Nothing kept (every key "failed") when Redis is away."""
        try:
            return super().set_many(data, timeout, version)
        except UNREACHABLE as error:
            self._unreachable("set_many", error)
            return list(data)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        """True (added) when Redis is away: whoever asks may go ahead."""
        try:
            return super().add(key, value, timeout, version)
        except UNREACHABLE as error:
            self._unreachable("add", error)
            return True

    def incr(self, key, delta=1, version=None):
        """As if counting from zero when Redis is away: a fresh window."""
        try:
            return super().incr(key, delta, version)
        except UNREACHABLE as error:
            self._unreachable("incr", error)
            return delta

    def delete(self, key, version=None):
        try:
            return super().delete(key, version)
        except UNREACHABLE as error:
            self._unreachable("delete", error)
            return False

    def delete_many(self, keys, version=None):
        """Nothing dropped when Redis is away (what it kept expires on its own)."""
        try:
            return super().delete_many(keys, version)
        except UNREACHABLE as error:
            self._unreachable("delete_many", error)
