"""The cache as kept fragments see it after it lost them all (halfway/fragments.py)."""

from contextlib import contextmanager
from unittest import mock

from django.core.cache import cache

from halfway.fragments import RecentFragments


class _LostFragments:
    def get_many(self, keys):
        return {}

    def set_many(self, values, timeout):
        return cache.set_many(values, timeout)


@contextmanager
def fragments_lost():
    """Every kept fragment is missing, from the cache and the process's memory (what kept
    answers and pages read is untouched)."""
    with (
        mock.patch("halfway.fragments.cache", _LostFragments()),
        mock.patch("halfway.fragments.recent_fragments", RecentFragments(limit=0)),
    ):
        yield
