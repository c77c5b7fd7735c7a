"""Per-member limits on actions that cost something (DeepL calls, other members' attention).

Fixed windows in the cache (Redis in production, shared by every process), so a limit holds
however many web processes there are.
"""

import math
import time

from django.core.cache import cache


def _now() -> float:
    return time.time()


def within_limit(scope: str, member_id: int, limit: tuple[int, int], cost: int = 1) -> bool:
    """Count one action (of `cost` units, characters say); False once the member has used
    `limit[0]` in `limit[1]` seconds."""
    allowed, window = limit
    key = f"ratelimit:{scope}:{member_id}:{int(_now() // window)}"
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key, cost)
    except ValueError:  # the key expired between add and incr: a new window has begun
        cache.set(key, cost, timeout=window)
        return cost <= allowed
    return count is None or count <= allowed  # None: the cache is away, let the action through


def seconds_to_wait(scope: str, member_id: int, seconds: int) -> int:
    """Count one action, or say how many seconds remain (at least 1) until the member's last
    counted one is `seconds` old; 0 means the action is allowed and now counted.

    A key that lives `seconds` rather than a fixed window, so two actions a second apart
    across a window's edge are still refused. It holds the moment it was set, for the answer.
    """
    key = f"ratelimit:{scope}:{member_id}:waited"
    now = _now()
    if cache.add(key, now, timeout=seconds):
        return 0
    since = cache.get(key)
    if since is None:  # expired between the two calls: the pause is over
        cache.set(key, now, timeout=seconds)
        return 0
    return max(1, math.ceil(seconds - (now - float(since))))
