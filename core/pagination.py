"""Pagination helpers shared by the apps' selectors."""

from django.core.paginator import Paginator
from django.http import Http404
from django.utils.translation import gettext as _


class CountedPaginator(Paginator):
    """A paginator told its count, when the query that found the page already counted (a
    window function), or when the page is taken from a narrowed list whose own count would be
    wrong; without a count it counts as Django's does."""

    def __init__(self, object_list, per_page, count: int | None = None):
        super().__init__(object_list, per_page)
        if count is not None:
            self.__dict__["count"] = count  # fills Paginator.count's cached_property


# More pages than any list has, and small enough that its offset fits the database's 64-bit
# integers (PostgreSQL refuses a larger OFFSET). A page past the last but below this shows the
# last (a link from before threads were deleted); a number past this is no page of any list.
MAX_PAGE = 10**9


def requested_page(number) -> int:
    """The page number a query string asked for, as `Paginator.get_page` reads it (1 when it
    is not a number), before it is clamped to the pages there are; 404 past MAX_PAGE."""
    try:
        page = max(1, int(number))
    except (TypeError, ValueError):
        return 1
    if page > MAX_PAGE:
        raise Http404(_("There is no such page."))
    return page
