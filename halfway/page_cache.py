"""Whole pages for signed-out readers, and answers every reader shares (search results),
kept in the cache for a short while.

Most readers of a forum are not signed in, and they all see the same page for the same
address and language, so rendering it for each of them is wasted work (Discourse keeps such
an anonymous cache too). A page is kept for `PAGE_CACHE_SECONDS` (30 s by default; 0 turns
it off; for as long again it is still served while one request renews it) and dropped at
once when content changes: every write readers would notice (a post, an edit, a deletion, a
moderator's action, a profile) calls `pages_changed()`, which changes the generation every
kept page is checked against. Reactions and counters may lag by up to twice the TTL.
`shared_answer()` keeps other answers the same way (a common word's search results, the
introductions grid, counts). `member_answer()` keeps one member's answer (their unread counts)
until the services that change it call `member_answer_changed()`; `answers_by_id()` keeps an
answer per object (a post's reaction counts) until `answers_changed()`.

Each cache round trip costs about 0.2 ms, whatever the size of the answer, and a signed-in
page asked for a dozen. So a request reads ahead, in one round trip, the generation and the
member's answers that most pages read (`every_page()` names them: the header's unread counts,
their follows and blocks, their feed settings …), and answers read once are remembered for the
rest of the request (`ReadAheadMiddleware`); any of the `*_changed()` calls forgets what the
request remembered.

Only what is the same for every signed-out reader is kept: GET and HEAD, not htmx fragments,
not a request with a flash message waiting, answers 200 of type text/html with no cookie of
their own. The one part of such a page that is the reader's own, the CSRF token (the language
switcher and htmx send it), is rendered as a mark chosen at random for that rendering, and the
page is kept cut there: each reader's page joins the pieces with their token. Nothing searches
a kept page, so member text in it is shown as written whatever it contains.
"""

import functools
import hashlib
import secrets
import time
from collections.abc import Callable, Iterable
from contextvars import ContextVar
from dataclasses import dataclass
from typing import TypeVar

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils.translation import get_language

GENERATION_KEY = "anonymous-pages:generation"
# On a request whose page is rendered to be kept: the mark its CSRF token leaves.
_RENDERING_FOR_CACHE = "_renders_for_anonymous_cache"
RENEWING_SECONDS = 10  # if the request renewing a page dies, another may after this
T = TypeVar("T")

# What the current request has read from the cache (None outside a request): key → value, or
# _MISSING for a key the cache did not hold.
_remembered: ContextVar[dict | None] = ContextVar("page_cache_remembered", default=None)
_MISSING = object()
# The member answers every signed-in page reads (every_page()).
_EVERY_PAGE_ANSWERS: set[str] = set()


@dataclass(frozen=True)
class KeptPage:
    generation: str | None
    pieces: tuple[bytes, ...]  # the page, cut where the reader's CSRF token goes
    content_type: str
    fresh_until: float  # time.time(); kept twice as long, to serve while one request renews it


def pages_changed() -> None:
    """Drop every kept page, once the current transaction (if any) commits."""
    _forget_remembered()
    transaction.on_commit(_new_generation, robust=True)


def _new_generation() -> None:
    _forget_remembered()
    cache.set(GENERATION_KEY, secrets.token_hex(8), timeout=None)


def every_page(name: str) -> str:
    """Name a member answer that most signed-in pages read: every request reads it ahead."""
    _EVERY_PAGE_ANSWERS.add(name)
    return name


def _member_key(name: str, member_id: int) -> str:
    return f"member-answers:{name}:{member_id}"


def _get_many(keys: list[str]) -> dict:
    """The cache's values for `keys`, from what the request remembers where it can be."""
    remembered = _remembered.get()
    if remembered is None:
        return cache.get_many(keys)
    wanted = [key for key in keys if key not in remembered]
    if wanted:
        found = cache.get_many(wanted)
        for key in wanted:
            remembered[key] = found.get(key, _MISSING)
    return {key: remembered[key] for key in keys if remembered[key] is not _MISSING}


def _set_many(values: dict, seconds: int) -> None:
    cache.set_many(values, seconds)
    remembered = _remembered.get()
    if remembered is not None:
        remembered.update(values)


def _forget_remembered() -> None:
    remembered = _remembered.get()
    if remembered is not None:
        remembered.clear()


def read_ahead(member_id: int) -> None:
    """Read the generation and the member's every-page answers in one round trip."""
    _get_many(
        [GENERATION_KEY] + [_member_key(name, member_id) for name in sorted(_EVERY_PAGE_ANSWERS)]
    )


def _drop(keys: list[str]) -> None:
    _forget_remembered()
    cache.delete_many(keys)


class ReadAheadMiddleware:
    """Remember the request's cache reads, starting with what every page reads (after
    AuthenticationMiddleware: it reads the member)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        token = _remembered.set({})
        try:
            # Not for signed-out readers: their kept page is one round trip with the generation.
            if _seconds() > 0 and request.user.is_authenticated:
                read_ahead(request.user.pk)
            return self.get_response(request)
        finally:
            _remembered.reset(token)


def shared_answer(name: str, parts: tuple, compute: Callable[[], T]) -> T:
    """`compute()`'s answer for `parts`, computed once for every reader until content changes
    or `PAGE_CACHE_SECONDS` pass. The answer must not depend on who asks."""
    if _seconds() <= 0:
        return compute()
    key = f"shared-answers:{name}:" + hashlib.sha256(repr(parts).encode()).hexdigest()
    found = _get_many([GENERATION_KEY, key])
    generation = found.get(GENERATION_KEY)
    kept = found.get(key)
    if isinstance(kept, tuple) and len(kept) == 2 and kept[0] == generation:
        return kept[1]
    answer = compute()
    _set_many({key: (generation, answer)}, _seconds())
    return answer


def member_answer(name: str, member_id: int, compute: Callable[[], T], seconds: int) -> T:
    """`compute()`'s answer for one member, kept until `member_answer_changed()` drops it
    (the expiry bounds what a change made behind the services' back leaves): what a member's
    every page reads and only a few writes change, such as their unread counts."""
    key = _member_key(name, member_id)
    answer = _get_many([key]).get(key)
    if answer is None:
        answer = compute()
        _set_many({key: answer}, seconds)
    return answer


def member_answer_changed(name: str, member_ids: Iterable[int]) -> None:
    """Drop the members' kept answers now, and again once the current transaction commits (a
    page read meanwhile may have kept the answer as it was)."""
    keys = [_member_key(name, member_id) for member_id in set(member_ids)]
    if keys:
        _drop(keys)
        transaction.on_commit(lambda: _drop(keys), robust=True)


def answers_by_id(
    name: str, ids: Iterable[int], compute: Callable[[list[int]], dict[int, T]], seconds: int
) -> dict[int, T]:
    """An answer for each id (a post's reaction counts …), the same for every reader: the
    kept ones in one round trip, the others from `compute(missing_ids)` and kept until
    `answers_changed()` drops them (the expiry bounds what a change made behind the
    services' back leaves)."""
    keys = {each: f"answers-by-id:{name}:{each}" for each in ids}
    kept = cache.get_many(list(keys.values()))
    found = {each: kept[key] for each, key in keys.items() if key in kept}
    missing = [each for each in keys if each not in found]
    if missing:
        computed = compute(missing)
        cache.set_many({keys[each]: computed[each] for each in missing}, seconds)
        found.update(computed)
    return found


def answers_changed(name: str, ids: Iterable[int]) -> None:
    """Drop the ids' kept answers now, and again once the current transaction commits."""
    keys = [f"answers-by-id:{name}:{each}" for each in set(ids)]
    if keys:
        _drop(keys)
        transaction.on_commit(lambda: _drop(keys), robust=True)


def csrf_placeholder(request: HttpRequest) -> dict:
    """Context processor: a mark instead of the reader's CSRF token, while a page is rendered
    for the cache (Django's own `csrf` processor runs first; this one wins)."""
    mark = getattr(request, _RENDERING_FOR_CACHE, None)
    if mark:
        return {"csrf_token": mark}
    return {}


def _seconds() -> int:
    return getattr(settings, "PAGE_CACHE_SECONDS", 30)


def _may_use_cache(request: HttpRequest) -> bool:
    return (
        _seconds() > 0
        and request.method in ("GET", "HEAD")
        and not request.user.is_authenticated
        and not getattr(request, "htmx", False)
        # len() reads the waiting messages without marking them shown.
        and not len(messages.get_messages(request))
    )


def _page_key(request: HttpRequest) -> str:
    address = "\n".join(
        (
            get_language(),
            request.scheme,
            request.get_host(),  # one of ALLOWED_HOSTS, or the request was refused already
            request.path,
            request.META.get("QUERY_STRING", ""),
        )
    )
    # The version changes with KeptPage's fields: a release never reads another's pickles.
    return "anonymous-pages:v2:" + hashlib.sha256(address.encode()).hexdigest()


def _may_keep(response: HttpResponse) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and response.get("Content-Type", "").startswith("text/html")
        and not response.cookies
        and not response.has_header("Cache-Control")
    )


def _for_reader(pieces: tuple[bytes, ...], content_type: str, request: HttpRequest) -> HttpResponse:
    token = get_token(request).encode()  # also sets the reader's CSRF cookie when missing
    response = HttpResponse(token.join(pieces))
    response["Content-Type"] = content_type
    return response


def cache_for_anonymous(view):
    """Serve `view`'s page to signed-out readers from the cache (see the module docstring)."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs):
        if not _may_use_cache(request):
            return view(request, *args, **kwargs)
        key = _page_key(request)
        found = cache.get_many([GENERATION_KEY, key])
        generation = found.get(GENERATION_KEY)
        kept = found.get(key)
        # Past its time, one request renders the page again while the others still get it: a
        # popular page expiring under load would otherwise be rendered by every request
        # arriving at once (64 at once held one embedded process for seconds). A content
        # change is not served stale: it makes a new generation, and everyone renders.
        if (
            isinstance(kept, KeptPage)
            and kept.generation == generation
            and (
                kept.fresh_until > time.time()
                or not cache.add(key + ":renewing", True, RENEWING_SECONDS)
            )
        ):
            return _for_reader(kept.pieces, kept.content_type, request)

        # Random for this rendering, so no text written before it (member text) can hold it.
        mark = secrets.token_hex(16)
        setattr(request, _RENDERING_FOR_CACHE, mark)
        try:
            response = view(request, *args, **kwargs)
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
        finally:
            setattr(request, _RENDERING_FOR_CACHE, None)
        if response.streaming:
            return response
        pieces = tuple(response.content.split(mark.encode()))
        if not _may_keep(response):
            if len(pieces) > 1:
                response.content = get_token(request).encode().join(pieces)
            return response
        content_type = response["Content-Type"]
        fresh_until = time.time() + _seconds()
        cache.set(key, KeptPage(generation, pieces, content_type, fresh_until), 2 * _seconds())
        cache.delete(key + ":renewing")
        return _for_reader(pieces, content_type, request)

    return wrapped
