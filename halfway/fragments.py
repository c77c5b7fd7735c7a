"""Pieces of pages rendered once and kept in the cache for every reader who would see the
same HTML (the forum's posts, rows and cards: forum/fragments.py; every page's header).

A fragment's key holds everything it shows, with the language, the time zone and a digest of
its templates, so a kept fragment cannot be stale: any change makes a new key, and the old one
ages out of the cache. The CSRF token is each reader's own: a fragment is rendered with a
placeholder, and the reader's token is put back on every view.
"""

import hashlib
import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.cache import cache
from django.template import Context
from django.template.base import Template
from django.template.loader import get_template
from django.template.loader_tags import IncludeNode
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

# Keys change with everything a fragment shows; the expiry only bounds the cache's size.
FRAGMENT_SECONDS = 24 * 3600
CSRF_PLACEHOLDER = "@@fragment-csrf-token@@"
# How much fragment HTML each process keeps in its own memory, in characters (below).
RECENT_FRAGMENTS_CHARACTERS = 8 * 1024 * 1024


class RecentFragments:
    """The fragments this process read or rendered last, by key, up to a number of characters.

    A key names everything its HTML shows, so a copy in memory cannot be stale any more than
    the cache's: it saves the round trip for the fragments a process shows most (a popular
    thread's posts, the header), and, embedded, a file read for each. Those reads mattered
    more than their own time: each gives up the interpreter's lock, and while the event loop
    serves other connections a request waited for it again at every one."""

    def __init__(self, limit: int):
        self.limit = limit
        self._items: OrderedDict[str, str] = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()

    def get_many(self, keys: Iterable[str]) -> dict[str, str]:
        found = {}
        with self._lock:
            for key in keys:
                html = self._items.get(key)
                if html is not None:
                    self._items.move_to_end(key)
                    found[key] = html
        return found

    def add_many(self, items: dict[str, str]) -> None:
        with self._lock:
            for key, html in items.items():
                if key in self._items:
                    self._items.move_to_end(key)
                    continue
                self._items[key] = html
                self._size += len(html)
            while self._size > self.limit and self._items:
                _key, html = self._items.popitem(last=False)
                self._size -= len(html)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self._size = 0


recent_fragments = RecentFragments(RECENT_FRAGMENTS_CHARACTERS)


@dataclass(frozen=True)
class Fragment:
    template: str
    parts: tuple  # everything the HTML shows, besides the language, time zone and templates
    context: dict = field(default_factory=dict)  # what the template reads, pushed to render it


# A template's digest, with the templates it includes: a release that changes one makes new
# keys. Weak keys: when the template loaders are reset (runserver does it on a template
# change), the new Template objects get new digests.
_digests: "weakref.WeakKeyDictionary[Template, str]" = weakref.WeakKeyDictionary()


def _sources(template: Template) -> list[str]:
    found = [template.source]
    for node in template.nodelist.get_nodes_by_type(IncludeNode):
        name = node.template.var
        if isinstance(name, str):  # a literal name; a fragment includes nothing chosen late
            found.extend(_sources(get_template(name).template))
    return found


def template_digest(template: Template) -> str:
    digest = _digests.get(template)
    if digest is None:
        digest = hashlib.sha256("\0".join(_sources(template)).encode()).hexdigest()[:12]
        _digests[template] = digest
    return digest


def render_kept(
    context: Context,
    fragments: Sequence[Fragment],
    prepare: Callable[[list[Fragment]], list[Fragment]] | None = None,
) -> list[SafeString]:
    """Each fragment's HTML, from the cache where it can be (one round trip for all).

    `prepare(missing)`, when given, completes the context of the fragments the cache did not
    hold, before they are rendered: what only rendering reads is then read for those alone,
    all at once. It returns those it could not complete (their object is gone since the list
    was kept): their HTML is empty."""
    templates = {name: get_template(name).template for name in {f.template for f in fragments}}
    # A release's static files have new hashed names (the header's icons): new keys too.
    release = getattr(staticfiles_storage, "manifest_hash", "")
    common = (get_language(), timezone.get_current_timezone_name(), release)
    keys = [
        f"fragment:{fragment.template}:"
        + hashlib.sha256(
            repr((template_digest(templates[fragment.template]), common, fragment.parts)).encode()
        ).hexdigest()
        for fragment in fragments
    ]
    wanted = set(keys)
    kept = recent_fragments.get_many(wanted)
    if len(kept) < len(wanted):
        from_cache = cache.get_many([key for key in wanted if key not in kept])
        recent_fragments.add_many(from_cache)
        kept.update(from_cache)
    gone: list[Fragment] = []
    if prepare is not None:
        missing = [each for each, key in zip(fragments, keys, strict=True) if key not in kept]
        if missing:
            gone = prepare(missing)
    new: dict[str, str] = {}
    token = str(context.get("csrf_token", ""))
    rendered = []
    for fragment, key in zip(fragments, keys, strict=True):
        if any(fragment is each for each in gone):
            rendered.append(SafeString(""))
            continue
        html = kept.get(key) or new.get(key)
        if html is None:
            with context.push(csrf_token=CSRF_PLACEHOLDER, **fragment.context):
                html = templates[fragment.template].render(context)
            new[key] = html
        # Template output (escaped as it was rendered) with a token of letters and digits.
        rendered.append(mark_safe(html.replace(CSRF_PLACEHOLDER, token)))  # noqa: S308
    if new:
        cache.set_many(new, FRAGMENT_SECONDS)
        recent_fragments.add_many(new)
    return rendered


def as_list_items(fragments: Iterable[str], item_class: str = "") -> SafeString:
    """Each fragment in a list item; an empty one (its object is gone) in none."""
    fragments = [html for html in fragments if html]
    if item_class:
        return format_html_join(
            "\n", '<li class="{}">{}</li>', ((item_class, html) for html in fragments)
        )
    return format_html_join("\n", "<li>{}</li>", ((html,) for html in fragments))
