"""The forum's repeated items (posts, thread rows, New arrivals, search results, introduction
cards), rendered once for every reader who would see the same HTML: each is a
`caching.cached_many` value under the versions of what it shows, keyed by the item, the language
and time zone, "3 minutes ago" to its precision and the reader's few answers (wrote the post,
may moderate, reacted …). Its forms are htmx forms and carry no CSRF token: htmx sends it as a
header from the page's <body> (static/js/forms.js)."""

import functools
from collections.abc import Callable, Iterable

from django.core.paginator import Page
from django.db.models import Prefetch
from django.template import Context
from django.template.loader import get_template
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from core import caching
from core.pagination import CountedPaginator, requested_page
from forum import selectors
from forum.feed import reasons
from forum.models import Post, PostImage, Thread
from forum.selectors import PostData, ThreadData
from translation.selectors import offer_for

FRAGMENT_SECONDS = 3600  # versions keep an item fresh; this bounds the cache's size


def _moment(when, now) -> tuple:
    """A time as an item shows it: the moment, and how long ago to the precision "3 minutes
    ago" has (seconds, minutes under a day, then hours)."""
    if when is None:
        return (None, None)
    seconds = int((now - when).total_seconds())
    if seconds < 60:
        return (when.isoformat(), ("s", seconds))
    return (when.isoformat(), ("m", seconds // 60) if seconds < 86400 else ("h", seconds // 3600))


def _render_items(
    context: Context,
    template_name: str,
    items: list[tuple[int, tuple, dict]],
    versions: Iterable[str] | Callable[[int], Iterable[str]],
    read: tuple[str, Callable[[list[int]], dict]] | None = None,
    item_class: str = "",
) -> SafeString:
    """Each item (id, what its HTML shows besides `versions`, its template's context) as a
    cached list item. `read` (name, read(ids) → {id: object}) names the object an item's
    template needs, read only for the items to render and after their versions, so nothing
    older than its version is stored under it; an item whose object is gone is left out."""
    if not items:
        return SafeString("")
    common = (template_name, get_language(), timezone.get_current_timezone_name())
    contexts = {pk: item_context for pk, _parts, item_context in items}

    def render(missing: list[int]) -> dict[int, str]:
        found = read[1](missing) if read else {}
        template = get_template(template_name).template
        html = {}
        for pk in missing:
            if read and pk not in found:
                continue
            with context.push(**contexts[pk], **({read[0]: found[pk]} if read else {})):
                html[pk] = template.render(context)
        return html

    found = caching.cached_many(
        "item-html",
        {pk: (common, pk, parts) for pk, parts, _context in items},
        render,
        versions=versions,
        timeout=FRAGMENT_SECONDS,
    )
    shown = [(found[pk],) for pk, _parts, _context in items if found.get(pk)]
    opening = f'<li class="{item_class}">' if item_class else "<li>"
    return format_html_join("\n", opening + "{}</li>", shown)


def render_posts(context: Context, posts: Iterable[PostData]) -> SafeString:
    """A page of a thread's posts, each with its reactions."""
    now = timezone.now()
    reader = context["user"] if context["user"].is_authenticated else None
    blocked = frozenset(context.get("blocked", ()))
    page_answers = (  # the same for every post of the page
        reader is not None,
        reader is not None and reader.is_staff,
        bool(context.get("can_moderate")),
        bool(context.get("can_reply")),
        bool(context.get("side_by_side")),
    )
    items = []
    for post in posts:
        answers = (
            page_answers,
            reader is not None and reader.pk == post.author_id,
            offer_for(reader, post.language, post.language_is_mixed) if reader else "",
            tuple(each.kind for each in post.reaction_summaries if each.mine),
            post.author_id in blocked,
        )
        item_context = {
            "answers": post.answers,
            "reactions": post.reaction_summaries,
            "can_react": reader is not None,
            "refusal": None,
        }
        items.append((post.pk, (_moment(post.created_at, now), *answers), item_context))
    images = Prefetch("images", queryset=PostImage.objects.order_by("position"))
    posts_by_id = Post.objects.select_related("author").prefetch_related(images).in_bulk
    versions = lambda pk: (caching.post(pk), caching.MEMBERS)  # noqa: E731
    return _render_items(context, "forum/_post.html", items, versions, ("post", posts_by_id))


def render_thread_rows(context: Context, threads: Iterable[Thread | ThreadData]) -> SafeString:
    """Rows of threads read from the database or cached (ThreadData)."""
    now = timezone.now()
    rows = {
        row.pk: row
        for row in (t if isinstance(t, ThreadData) else ThreadData.of(t) for t in threads)
    }
    # The unread count (None: never opened) fixes, under the thread's version, the first unread.
    read = context.get("read_positions") or selectors.ReadPositions()
    items = [
        (pk, (_moment(row.last_posted_at, now), row.reasons_key, read.unread(row)), read.of(row))
        for pk, row in rows.items()
    ]

    def threads_by_id(ids: list[int]) -> dict[int, Thread]:
        found = (
            Thread.objects.select_related("author", "category")
            .annotate(region_code=selectors.opening_post_region("pk"))
            .in_bulk(ids)
        )
        for pk, thread in found.items():
            if (home_feed := rows[pk].home_feed) is not None:  # why it is in the member's feed
                thread.reasons = functools.partial(reasons, thread, home_feed)
        return found

    versions = lambda pk: (caching.thread(pk), caching.MEMBERS)  # noqa: E731
    read = ("thread", threads_by_id)
    return _render_items(context, "forum/_thread_row.html", items, versions, read)


def introductions_grid(filters, page_number) -> tuple[Page, SafeString]:
    """A page of the introductions grid and its cards' HTML. Which introductions the page
    shows is shared until content changes; each card is kept under its thread's version, so
    a reply elsewhere renders no card again."""
    number = requested_page(page_number)
    page_of = functools.partial(selectors.introduction_page, filters, number)
    count, number, shown = caching.cached("introductions-grid", (filters, number), page_of)
    thread_of = {pk: thread_id for pk, thread_id, _written in shown}
    now = timezone.now()
    items = [(pk, (_moment(written, now),), {}) for pk, _, written in shown]
    versions = lambda pk: (caching.thread(thread_of[pk]), caching.MEMBERS)  # noqa: E731
    read = ("introduction", selectors.introduction_cards)
    cards = _render_items(Context(), "forum/_introduction_card.html", items, versions, read)
    page = CountedPaginator([], selectors.INTRODUCTIONS_PER_PAGE, count=count).page(number)
    return page, cards


def render_new_arrivals(context: Context, introductions: Iterable) -> SafeString:
    """New arrivals' cards, each under its thread's version (a welcome is a reply in it)."""
    now = timezone.now()
    next_url = context.get("next_url") or context["request"].get_full_path()
    items, thread_of = [], {}
    for each in introductions:
        thread_of[each.pk] = each.thread_id
        parts = (_moment(each.created_at, now), each.can_welcome, each.welcomed_by_viewer, next_url)
        item_context = {"introduction": each, "next_url": next_url, "refusal": None}
        items.append((each.pk, parts, item_context))
    versions = lambda pk: (caching.thread(thread_of[pk]), caching.MEMBERS)  # noqa: E731
    return _render_items(context, "forum/_new_arrival.html", items, versions)


def render_search_results(context: Context, results: Iterable) -> SafeString:
    """Search results (forum/selectors.SearchResult: plain values, the query's words marked
    in the snippet). A result's HTML shows only its values, so they are its key: no version."""
    now = timezone.now()
    items = [(r.post_id, (_moment(r.created_at, now), r), {"result": r}) for r in results]
    return _render_items(context, "forum/_search_result.html", items, (), None, "search-result")
