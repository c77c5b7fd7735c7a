"""Halfway's one caching mechanism: values and signed-out pages cached under keys that carry
the versions of what they show (docs/architecture.md, *Caching*).

A *version* is a random token in the cache under a name (`thread:12`, `posts`, `follows:7`).
A write names what it changed with `changed(...)`. A value is stored with the tokens it was
computed under and served only while each is current: a value computed before a write commits
is never served after it, whenever it is stored.
"""

import functools
import hashlib
import secrets
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

from core.middleware import Middleware

T = TypeVar("T")
K = TypeVar("K")
POSTS = "posts"  # anything a list of threads shows: feeds, counts, search, introductions
MEMBERS = "members"  # names, avatars, profiles, and what moderators do to members

# What the current request read from the cache (None outside one): key → value, or _MISSING.
_request_reads: ContextVar[dict | None] = ContextVar("cache_request_reads", default=None)
_MISSING = object()
# The per-member values most signed-in pages show (cached_for_member), read as a request starts.
PREFETCHED: set[str] = set()


def thread(thread_id: int) -> str:  # its page, its row in lists: a reply, a rename, a lock
    return f"thread:{thread_id}"


def post(post_id: int) -> str:  # one post's HTML: an edit, a deletion, a reaction
    return f"post:{post_id}"


def member_version(name: str, member_id: int) -> str:  # one member's value (cached_for_member)
    return f"{name}:{member_id}"


@functools.cache
def release() -> str:
    """RELEASE if set, else a digest of the project's code, templates, catalogs, requirements
    and static files' names: a fixed string or filter must not wait for keys to expire."""
    if getattr(settings, "RELEASE", ""):
        return settings.RELEASE
    base = Path(settings.BASE_DIR)
    ours = [base / config.name for config in apps.get_app_configs() if "." not in config.name]
    folders = [f for f in [*ours, base / "templates", base / "locale"] if f.is_dir()]
    digest = hashlib.sha256(getattr(staticfiles_storage, "manifest_hash", "").encode())
    files = [base / "requirements.txt", *(p for f in sorted(folders) for p in sorted(f.rglob("*")))]
    for path in files:
        if path.suffix in (".py", ".html", ".txt", ".mo") and path.is_file():
            digest.update(str(path.relative_to(base)).encode() + path.read_bytes())
    return digest.hexdigest()[:16]


def _version_key(name: str) -> str:
    return f"version:{name}"


def _key(kind: str, parts: tuple) -> str:
    return f"{kind}:{hashlib.sha256(repr((release(), parts)).encode()).hexdigest()}"


def _get_many(keys: list[str]) -> dict:
    """The cache's values for `keys`, from what the request read already where it can be."""
    reads = _request_reads.get()
    if reads is None:
        return cache.get_many(keys)
    if wanted := [key for key in keys if key not in reads]:
        found = cache.get_many(wanted)
        reads.update((key, found.get(key, _MISSING)) for key in wanted)
    return {key: reads[key] for key in keys if reads[key] is not _MISSING}


def _forget(keys: Iterable[str]) -> None:
    for key in keys if (reads := _request_reads.get()) is not None else ():
        reads.pop(key, None)


def _store(values: dict, timeout: int) -> None:
    cache.set_many(values, timeout)
    if (reads := _request_reads.get()) is not None:
        reads.update(values)


def changed(*names: str) -> None:
    """New tokens for these versions now, for the writer's own reads in its transaction, and
    again once it commits: what was cached under the old ones, or computed meanwhile by a
    reader who could not see the write yet, is never served again."""

    def renew() -> None:
        tokens = {_version_key(name): secrets.token_hex(8) for name in names}
        _forget(tokens)
        cache.set_many(tokens, None)

    if names:
        renew()
        if transaction.get_connection().in_atomic_block:
            transaction.on_commit(renew, robust=True)


def changed_for_members(name: str, member_ids: Iterable[int]) -> None:
    changed(*(member_version(name, pk) for pk in set(member_ids)))


def _read(keys: dict[K, str], versions: dict[K, tuple[str, ...]]) -> tuple[dict, dict]:
    """Each item's value cached under its key while its versions stand (if so), and its
    versions' tokens, in one round trip. A version never set or evicted gets a new token,
    which no stored value carries."""
    names = list(dict.fromkeys(name for each in versions.values() for name in each))
    found = _get_many([*keys.values(), *map(_version_key, names)])
    if missing := [_version_key(name) for name in names if _version_key(name) not in found]:
        for key in missing:
            cache.add(key, secrets.token_hex(8), None)
        _forget(missing)
        found.update(_get_many(missing))
    tokens = {
        item: tuple(found.get(_version_key(name), "") for name in versions[item]) for item in keys
    }
    values = {
        item: entry[1]
        for item, key in keys.items()
        if (entry := found.get(key)) is not None and entry[0] == tokens[item]
    }
    return values, tokens


def page_seconds() -> int:
    return getattr(settings, "PAGE_CACHE_SECONDS", 30)


def cached_many(
    name: str,
    parts: dict[K, tuple],
    compute: Callable[[list[K]], dict[K, T]],
    *,
    versions: Iterable[str] | Callable[[K], Iterable[str]] = (POSTS, MEMBERS),
    timeout: int | None = None,
) -> dict[K, T]:
    """A value for each item of `parts` (item → what its value depends on besides its
    versions): the cached ones in one round trip, the others from `compute(missing items)`,
    which leaves out an item whose object is gone. Shared by every reader while the item's
    versions (`versions`, or `versions(item)`) stand, for at most `timeout` seconds
    (PAGE_CACHE_SECONDS by default; 0: not cached)."""
    timeout = page_seconds() if timeout is None else timeout
    if timeout <= 0:
        return compute(list(parts))
    keys = {item: _key(f"cached:{name}", each) for item, each in parts.items()}
    names_of = versions if callable(versions) else lambda _item, shared=tuple(versions): shared
    values, tokens = _read(keys, {item: tuple(names_of(item)) for item in parts})
    if missing := [item for item in keys if item not in values]:
        computed = compute(missing)
        _store({keys[item]: (tokens[item], value) for item, value in computed.items()}, timeout)
        values.update(computed)
    return values


def cached(name: str, parts: tuple, compute: Callable[[], T], **options) -> T:
    """`compute()`'s value for `parts`: cached_many for one value."""
    return cached_many(name, {0: parts}, lambda _missing: {0: compute()}, **options)[0]


def cached_for_member(name: str, member_id: int, compute: Callable[[], T], timeout: int) -> T:
    """One member's value (their unread counts …) until `changed(member_version(name, id))`."""
    versions = (member_version(name, member_id),)
    return cached(name, (member_id,), compute, versions=versions, timeout=timeout)


def prefetched(name: str) -> str:
    """Name a per-member value most signed-in pages show: it is read as each request starts."""
    PREFETCHED.add(name)
    return name


class RequestCacheMiddleware(Middleware):
    """Remember the request's cache reads. A signed-in member's first round trip reads their
    row, the per-member values most pages show and the shared versions most pages need. After
    SessionMiddleware and before anything reads `request.user`."""

    def __call__(self, request: HttpRequest):
        token = _request_reads.set({})
        try:
            member_id = str(getattr(request, "session", {}).get(SESSION_KEY, ""))
            if member_id.isdigit():
                keys = [_version_key(POSTS), _version_key(MEMBERS)]
                for name in sorted(PREFETCHED):
                    keys.append(_key(f"cached:{name}", (int(member_id),)))
                    keys.append(_version_key(member_version(name, int(member_id))))
                _get_many(keys)
            return self.get_response(request)
        finally:
            _request_reads.reset(token)


# Signed-out pages -----------------------------------------------------------------------


def csrf_mark(request: HttpRequest) -> dict:
    """Context processor (after Django's `csrf`): the page cache's mark for the CSRF token."""
    mark = getattr(request, "_page_cache_csrf_mark", None)
    return {"csrf_token": mark} if mark else {}


def page_key(request: HttpRequest) -> str:
    """The key of the page a signed-out reader gets at this address in this language."""
    zone = timezone.get_current_timezone_name()
    # get_host() is one of ALLOWED_HOSTS, or the request was refused already.
    address = (get_language(), zone, request.scheme, request.get_host(), request.get_full_path())
    return _key("page", address)


def cache_page(versions: Callable[..., Iterable[str]]):
    """Serve the view's page to signed-out readers from the cache while the versions that
    `versions(**view_kwargs)` names stand, for at most PAGE_CACHE_SECONDS.

    The CSRF token (the language switcher and htmx send it) renders as a mark chosen at random
    for that rendering, and the page is stored cut there: each reader's page joins the pieces
    with their token. Nothing searches the page, so member text shows as written."""

    def decorator(view):
        @functools.wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs):
            if (
                page_seconds() <= 0
                or request.method not in ("GET", "HEAD")
                or request.user.is_authenticated
                or getattr(request, "htmx", False)
                or len(messages.get_messages(request))  # len() leaves them waiting
            ):
                return view(request, *args, **kwargs)
            key = page_key(request)
            found, tokens = _read({0: key}, {0: tuple(versions(**kwargs))})
            if 0 not in found:
                request._page_cache_csrf_mark = mark = secrets.token_hex(16)
                try:
                    response = view(request, *args, **kwargs)
                    if hasattr(response, "render") and not response.is_rendered:
                        response.render()
                finally:
                    request._page_cache_csrf_mark = None
                if response.streaming:
                    return response
                pieces = tuple(response.content.split(mark.encode()))
                if (
                    response.status_code != 200
                    or not response.get("Content-Type", "").startswith("text/html")
                    or response.cookies
                    or response.has_header("Cache-Control")
                ):
                    response.content = get_token(request).encode().join(pieces)
                    return response
                found[0] = (pieces, response["Content-Type"])
                _store({key: (tokens[0], found[0])}, page_seconds())
            pieces, content_type = found[0]
            token = get_token(request).encode()  # also sets the reader's CSRF cookie
            return HttpResponse(token.join(pieces), content_type=content_type)

        return wrapped

    return decorator
