"""Halfway's one caching mechanism: values and signed-out pages cached under keys that carry
the versions of what they show.

A *version* is a random token in the cache under a name: `thread:12` (a thread's posts,
reactions and moderation), `posts` (anything in any list of threads: feeds, counts, search,
introductions), `members` (names, avatars and what moderators do to members), or one
member's or one object's value (`unread-notifications:7`). A write names what it changed with
`changed(...)`, which gives those names new tokens once its transaction commits.

A cached value is stored with the tokens it was computed under, and served only while every
one is current: one `get_many` reads the value and its versions together. So staleness is
bounded by construction. A value computed before a write commits is stored under the old
tokens and never served again, whenever it is stored; a version missing from the cache (never
set, or evicted) is given a new token, which no stored value carries. Keys also carry the
release (`release()`: a digest of the code, templates and catalogs, or RELEASE), the language
and the time zone where they matter, so a release or a language switch never reads another's.

Signed-out readers all see the same page for an address and language, so `cache_page`
serves it from the cache (Discourse keeps such a page cache too).

Each cache round trip costs about 0.2 ms, so what a request reads is remembered for the rest
of it (`RequestCacheMiddleware`), and the per-member values nearly every signed-in page shows
(`PREFETCHED`: unread counts, follows, blocks) are read in one round trip as it starts.
Write permissions never read this cache: they read the database.
"""

import functools
import hashlib
import secrets
import time
from collections.abc import Callable, Iterable
from contextvars import ContextVar
from pathlib import Path
from typing import TypeVar

from django.apps import apps
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import SESSION_KEY
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils import timezone
from django.utils.translation import get_language

T = TypeVar("T")
K = TypeVar("K")
POSTS = "posts"
MEMBERS = "members"
RENEWING_SECONDS = 10  # if the request renewing an expired page dies, another may after this

# What the current request has read from the cache (None outside a request): key → value, or
# _MISSING for a key the cache did not hold.
_request_reads: ContextVar[dict | None] = ContextVar("cache_request_reads", default=None)
_MISSING = object()
# The per-member values most signed-in pages show (cached_for_member), read as a request starts.
PREFETCHED: set[str] = set()


def thread(thread_id: int) -> str:
    """The version of one thread's page: its posts, their reactions, its moderation."""
    return f"thread:{thread_id}"


@functools.cache
def release() -> str:
    """What changes with every release: RELEASE if set, else a digest of the project's code,
    templates and catalogs, its requirements and its static files' names (a fixed string or
    filter must not wait for keys to expire)."""
    if getattr(settings, "RELEASE", ""):
        return settings.RELEASE
    base = Path(settings.BASE_DIR)
    ours = [base / config.name for config in apps.get_app_configs() if "." not in config.name]
    folders = [folder for folder in ours if folder.is_dir()] + [base / "templates", base / "locale"]
    digest = hashlib.sha256(getattr(staticfiles_storage, "manifest_hash", "").encode())
    files = [base / "requirements.txt"] + [
        path for f in sorted(folders) for path in sorted(f.rglob("*"))
    ]
    for path in files:
        if path.suffix in (".py", ".html", ".txt", ".mo") and path.is_file():
            digest.update(str(path.relative_to(base)).encode() + path.read_bytes())
    return digest.hexdigest()[:16]


def _version_key(name: str) -> str:
    return f"version:{name}"


def _key(kind: str, parts: tuple) -> str:
    digest = hashlib.sha256(repr((release(), parts)).encode()).hexdigest()
    return f"{kind}:{digest}"


def _get_many(keys: list[str]) -> dict:
    """The cache's values for `keys`, from what the request read already where it can be."""
    reads = _request_reads.get()
    if reads is None:
        return cache.get_many(keys)
    wanted = [key for key in keys if key not in reads]
    if wanted:
        found = cache.get_many(wanted)
        for key in wanted:
            reads[key] = found.get(key, _MISSING)
    return {key: reads[key] for key in keys if reads[key] is not _MISSING}


def _forget_request_reads() -> None:
    reads = _request_reads.get()
    if reads is not None:
        reads.clear()


def changed(*names: str) -> None:
    """New tokens for these versions now, for the writer's own reads in its transaction, and
    again once the transaction commits: whatever was cached under the old ones, or computed
    meanwhile by a reader who could not see the write yet, is never served again."""
    if not names:
        return

    def renew() -> None:
        _forget_request_reads()
        cache.set_many({_version_key(name): secrets.token_hex(8) for name in names}, None)

    renew()
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(renew, robust=True)


def _tokens(names: Iterable[str], found: dict) -> tuple | None:
    """The versions' tokens from `found`; None if one is missing."""
    tokens = tuple(found.get(_version_key(name)) for name in names)
    return None if None in tokens else tokens


def _current_tokens(names: tuple[str, ...]) -> tuple:
    """The versions' tokens, a new one for each the cache lacks."""
    for name in names:
        cache.add(_version_key(name), secrets.token_hex(8), None)
    _forget_request_reads()
    found = _get_many([_version_key(name) for name in names])
    return tuple(found.get(_version_key(name), "") for name in names)


def _read(key: str, versions: tuple[str, ...]):
    """The value cached under `key` if its versions are current, else _MISSING; and the tokens
    to store a new one under."""
    found = _get_many([key, *(_version_key(name) for name in versions)])
    tokens = _tokens(versions, found)
    entry = found.get(key)
    if tokens is not None and isinstance(entry, tuple) and len(entry) == 2 and entry[0] == tokens:
        return entry[1], tokens
    return _MISSING, tokens or _current_tokens(versions)


def _store(values: dict, timeout: int) -> None:
    cache.set_many(values, timeout)
    reads = _request_reads.get()
    if reads is not None:
        reads.update(values)


def cached_many(
    name: str,
    parts: dict[K, tuple],
    compute: Callable[[list[K]], dict[K, T]],
    *,
    versions: Iterable[str] = (POSTS, MEMBERS),
    timeout: int | None = None,
) -> dict[K, T]:
    """A value for each item of `parts` (item → what its value depends on, besides `versions`):
    those cached under the current versions in one round trip, the others from
    `compute(missing items)`, shared by every reader while `versions` stand and for at most
    `timeout` seconds (PAGE_CACHE_SECONDS by default; 0 turns this cache off). An item that
    `compute` leaves out (its object is gone) is left out of the answer."""
    timeout = page_seconds() if timeout is None else timeout
    if timeout <= 0:
        return compute(list(parts))
    versions = tuple(versions)
    keys = {item: _key(f"cached:{name}", each) for item, each in parts.items()}
    found = _get_many([*keys.values(), *(_version_key(each) for each in versions)])
    tokens = _tokens(versions, found)
    values, missing = {}, []
    for item, key in keys.items():
        entry = found.get(key)
        if tokens is not None and isinstance(entry, tuple) and entry[0] == tokens:
            values[item] = entry[1]
        else:
            missing.append(item)
    if missing:
        tokens = tokens or _current_tokens(versions)
        computed = compute(missing)
        _store(
            {keys[item]: (tokens, computed[item]) for item in missing if item in computed}, timeout
        )
        values.update(computed)
    return values


def cached(
    name: str,
    parts: tuple,
    compute: Callable[[], T],
    *,
    versions: Iterable[str] = (POSTS, MEMBERS),
    timeout: int | None = None,
) -> T:
    """`compute()`'s value for `parts` (cached_many for one value). The value must not depend
    on who asks, beyond what `parts` names."""
    return cached_many(
        name, {0: parts}, lambda _missing: {0: compute()}, versions=versions, timeout=timeout
    )[0]


def cached_for_member(name: str, member_id: int, compute: Callable[[], T], timeout: int) -> T:
    """One member's value (their unread counts …) until `changed(member_version(name, id))`."""
    return cached(
        name, (member_id,), compute, versions=(member_version(name, member_id),), timeout=timeout
    )


def member_version(name: str, member_id: int) -> str:
    return f"{name}:{member_id}"


def changed_for_members(name: str, member_ids: Iterable[int]) -> None:
    """`changed()` for these members' value `name` (cached_for_member)."""
    changed(*(member_version(name, pk) for pk in set(member_ids)))


def prefetched(name: str) -> str:
    """Name a per-member value most signed-in pages show: it is read as each request starts."""
    PREFETCHED.add(name)
    return name


class RequestCacheMiddleware:
    """Remember the request's cache reads, starting with the signed-in member's row and the
    per-member values most of their pages show, read in one round trip. After SessionMiddleware
    (the member's id is in the session) and before anything reads `request.user`, whose row is
    then found among what was read."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        token = _request_reads.set({})
        try:
            member_id = str(getattr(request, "session", {}).get(SESSION_KEY, ""))
            if member_id.isdigit():
                # The shared versions too, before the view reads anything they cover: what
                # it renders from its reads is never stored under a newer token.
                _get_many(
                    [_version_key(POSTS), _version_key(MEMBERS)]
                    + [
                        key
                        for name in sorted(PREFETCHED)
                        for key in (
                            _key(f"cached:{name}", (int(member_id),)),
                            _version_key(member_version(name, int(member_id))),
                        )
                    ]
                )
            return self.get_response(request)
        finally:
            _request_reads.reset(token)


# Signed-out pages ---------------------------------------------------------------------------


def page_seconds() -> int:
    return getattr(settings, "PAGE_CACHE_SECONDS", 30)


def _may_use_page_cache(request: HttpRequest) -> bool:
    return (
        page_seconds() > 0
        and request.method in ("GET", "HEAD")
        and not request.user.is_authenticated
        and not getattr(request, "htmx", False)
        # len() reads the waiting messages without marking them shown.
        and not len(messages.get_messages(request))
    )


def _may_store_page(response: HttpResponse) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and response.get("Content-Type", "").startswith("text/html")
        and not response.cookies
        and not response.has_header("Cache-Control")
    )


def csrf_mark(request: HttpRequest) -> dict:
    """Context processor: while a page is rendered for the page cache, a mark stands where the
    reader's CSRF token goes (Django's own `csrf` processor runs first; this one wins)."""
    mark = getattr(request, "_page_cache_csrf_mark", None)
    return {"csrf_token": mark} if mark else {}


def page_key(request: HttpRequest) -> str:
    """The key of the page a signed-out reader gets at this address in this language."""
    address = (
        get_language(),
        timezone.get_current_timezone_name(),
        request.scheme,
        request.get_host(),  # one of ALLOWED_HOSTS, or the request was refused already
        request.path,
        request.META.get("QUERY_STRING", ""),
    )
    return _key("page", address)


def cache_page(versions: Callable[..., Iterable[str]]):
    """Serve the view's page to signed-out readers from the cache while the versions that
    `versions(**view_kwargs)` names stand, for PAGE_CACHE_SECONDS (for as long again it is
    still served while one request renders it anew, so a popular page expiring under load is
    not rendered by every request arriving at once).

    The one part of such a page that is each reader's own, the CSRF token (the language
    switcher and htmx send it), is rendered as a mark chosen at random for that rendering, and
    the page is stored cut there: each reader's page joins the pieces with their token. Nothing
    searches a stored page, so member text in it is shown as written whatever it holds."""

    def decorator(view):
        @functools.wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs):
            if not _may_use_page_cache(request):
                # The versions before the view reads what they cover (RequestCacheMiddleware).
                _get_many([_version_key(name) for name in versions(**kwargs)])
                return view(request, *args, **kwargs)
            key = page_key(request)
            entry, tokens = _read(key, tuple(versions(**kwargs)))
            if entry is not _MISSING and (
                entry[2] > time.time() or not cache.add(key + ":renewing", True, RENEWING_SECONDS)
            ):
                return _for_reader(request, *entry[:2])
            # Random for this rendering, so no text written before it (member text) holds it.
            mark = secrets.token_hex(16)
            request._page_cache_csrf_mark = mark
            try:
                response = view(request, *args, **kwargs)
                if hasattr(response, "render") and not response.is_rendered:
                    response.render()
            finally:
                request._page_cache_csrf_mark = None
            if response.streaming:
                return response
            pieces = tuple(response.content.split(mark.encode()))
            if not _may_store_page(response):
                if len(pieces) > 1:
                    response.content = get_token(request).encode().join(pieces)
                return response
            entry = (pieces, response["Content-Type"], time.time() + page_seconds())
            _store({key: (tokens, entry)}, 2 * page_seconds())
            cache.delete(key + ":renewing")
            return _for_reader(request, *entry[:2])

        return wrapped

    return decorator


def _for_reader(request: HttpRequest, pieces: tuple[bytes, ...], content_type: str) -> HttpResponse:
    token = get_token(request).encode()  # also sets the reader's CSRF cookie when missing
    return HttpResponse(token.join(pieces), content_type=content_type)
