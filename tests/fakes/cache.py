"""The cache as the forum's cached items see it after it lost them all (forum/fragments.py)."""

from contextlib import contextmanager
from unittest import mock

from core import caching


class _ItemsLost:
    """core.caching, but every item's HTML is missing (cached values and pages are not)."""

    def __getattr__(self, name):
        return getattr(caching, name)

    @staticmethod
    def cached_many(name, parts, compute, **kwargs):
        return compute(list(parts))


@contextmanager
def fragments_lost():
    with mock.patch("forum.fragments.caching", _ItemsLost()):
        yield
