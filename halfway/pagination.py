"""Pagination helpers shared by the apps' selectors."""

from django.core.paginator import Paginator
from django.utils.functional import cached_property

from halfway.page_cache import shared_answer


class CountedPaginator(Paginator):
    """A paginator told its count, when the query that found the page already counted (a
    window function), or when the page is taken from a narrowed list whose own count would be
    wrong; without a count it counts as Django's does."""

    def __init__(self, object_list, per_page, count: int | None = None):
        super().__init__(object_list, per_page)
        if count is not None:
            self.__dict__["count"] = count  # fills Paginator.count's cached_property


def requested_page(number) -> int:
    """The page number a query string asked for, as `Paginator.get_page` reads it (1 when it
    is not a number), before it is clamped to the pages there are."""
    try:
        return max(1, int(number))
    except (TypeError, ValueError):
        return 1


class SharedCountPaginator(Paginator):
    """A paginator whose count is kept for everyone asking the same query, until content
    changes (page_cache.shared_answer): counting a forum's threads visits every one of them,
    on every page view, for a number that changes only when content does.

    The key is the query's SQL and parameters, so a member's own filters (their id, their
    languages, whom they follow) make their own count. Use it only for queries whose answer
    changes with content alone: not with follows or blocks, which do not drop kept answers."""

    @cached_property
    def count(self) -> int:
        sql, params = self.object_list.query.sql_with_params()
        return shared_answer(
            "count", (self.object_list.db, sql, params), lambda: Paginator.count.func(self)
        )
