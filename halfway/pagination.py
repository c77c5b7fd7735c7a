"""Pagination helpers shared by the apps' selectors."""

from django.core.paginator import Paginator


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
