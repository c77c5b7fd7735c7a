"""Pieces of pages rendered once and kept in the cache for every reader who would see the
same HTML (the forum's posts, rows and cards: forum/fragments.py; every page's header).

A fragment's key holds everything it shows, with the language, the time zone and the release
(halfway/caching.py), so a cached fragment cannot be stale: any change makes a new key, and the
old one ages out of the cache.

What is each reader's own (the CSRF token, a form's id, a post's reactions) is a slot: a kept
fragment is its HTML cut at the slots (`CutHTML`), recorded as it was rendered, and each view joins
the pieces with the reader's values. Nothing searches the HTML on a view, so member text in it
is shown as written whatever it contains.
"""

import hashlib
import secrets
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping, Sequence
from contextvars import ContextVar
from dataclasses import dataclass, field

from django.core.cache import cache
from django.template import Context
from django.template.loader import get_template
from django.utils import timezone
from django.utils.html import conditional_escape, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from halfway import caching

# Keys change with everything a fragment shows; the expiry only bounds the cache's size.
FRAGMENT_SECONDS = 24 * 3600
# How much fragment HTML each process keeps in its own memory, in characters (below).
RECENT_FRAGMENTS_CHARACTERS = 8 * 1024 * 1024
# The shape of a kept value, in every key: a release that changes it never reads the old one.
CUT_FORMAT = "cut-at-slots"

# A kept fragment: its HTML cut at its slots, literal HTML at even places and between them the
# names of the slots ('<input … value="', "csrf_token", '">…').
CutHTML = tuple[str, ...]

# The mark slots leave in the HTML while their fragment renders: random for that one rendering
# and never shown to anyone, so no text written before it (member text) can hold it.
_mark: ContextVar[str | None] = ContextVar("fragment_slot_mark", default=None)


class Slot:
    """A value a kept fragment shows that is each reader's own (the CSRF token, a form's id,
    a post's reactions): put in a fragment's context, or a form's initial values, it marks
    its place when the fragment is rendered, and each view fills it (`Fragment.slots`)."""

    def __init__(self, name: str):
        self.name = name

    def __str__(self) -> str:
        mark = _mark.get()
        if mark is None:
            raise RuntimeError(f"slot {self.name!r} shown outside a fragment being rendered")
        return f"[{mark}:{self.name}]"  # nothing escaping changes

    __html__ = __str__


CSRF_SLOT = Slot("csrf_token")


def _cut(html: str, mark: str) -> CutHTML:
    """`html` cut at the slots its rendering marked with `mark`."""
    first, *rest = html.split(f"[{mark}:")
    pieces = [first]
    for piece in rest:
        name, _, literal = piece.partition("]")
        pieces += (name, literal)
    return tuple(pieces)


def _join(kept: CutHTML, values: Mapping[str, str]) -> str:
    if len(kept) == 1:
        return kept[0]
    pieces = list(kept)
    pieces[1::2] = [values[name] for name in kept[1::2]]
    return "".join(pieces)


class RecentFragments:
    """The fragments this process read or rendered last, by key, up to a number of characters.

    A key names everything its HTML shows, so a copy in memory cannot be stale any more than
    the cache's: it saves the round trip for the fragments a process shows most (a popular
    thread's posts, the header), and, embedded, a file read for each. Those reads mattered
    more than their own time: each gives up the interpreter's lock, and while the event loop
    serves other connections a request waited for it again at every one."""

    def __init__(self, limit: int):
        self.limit = limit
        self._items: OrderedDict[str, CutHTML] = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()

    def get_many(self, keys: Iterable[str]) -> dict[str, CutHTML]:
        found = {}
        with self._lock:
            for key in keys:
                html = self._items.get(key)
                if html is not None:
                    self._items.move_to_end(key)
                    found[key] = html
        return found

    def add_many(self, items: dict[str, CutHTML]) -> None:
        with self._lock:
            for key, kept in items.items():
                if key in self._items:
                    self._items.move_to_end(key)
                    continue
                self._items[key] = kept
                self._size += sum(map(len, kept))
            while self._size > self.limit and self._items:
                _key, kept = self._items.popitem(last=False)
                self._size -= sum(map(len, kept))

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
    # What the Slots in the context show this reader, by name: text (escaped here), or another
    # fragment (a post's reactions), read in the same round trip. The CSRF token is filled in.
    slots: Mapping[str, "str | Fragment"] = field(default_factory=dict)


def render_fragments(
    context: Context,
    fragments: Sequence[Fragment],
    prepare: Callable[[list[Fragment]], list[Fragment]] | None = None,
) -> list[SafeString]:
    """Each fragment's HTML with its slots filled, from the cache where it can be (one round
    trip for all, the fragments in their slots included).

    `prepare(missing)`, when given, completes the context of the fragments the cache did not
    hold, before they are rendered: what only rendering reads is then read for those alone,
    all at once. It returns those it could not complete (their object is gone since the list
    was kept): their HTML is empty."""
    every = list(fragments)
    for fragment in every:  # grows as it goes: the fragments in slots, and theirs
        every += [each for each in fragment.slots.values() if isinstance(each, Fragment)]
    templates = {name: get_template(name).template for name in {f.template for f in every}}
    # The release: its code, templates, catalogs and static files' names (halfway/caching.py).
    common = (get_language(), timezone.get_current_timezone_name(), caching.release(), CUT_FORMAT)
    keys = [
        f"fragment:{fragment.template}:"
        + hashlib.sha256(repr((common, fragment.template, fragment.parts)).encode()).hexdigest()
        for fragment in every
    ]
    wanted = set(keys)
    kept = recent_fragments.get_many(wanted)
    if len(kept) < len(wanted):
        from_cache = cache.get_many([key for key in wanted if key not in kept])
        recent_fragments.add_many(from_cache)
        kept.update(from_cache)
    gone: set[int] = set()
    if prepare is not None:
        missing = [each for each, key in zip(every, keys, strict=True) if key not in kept]
        if missing:
            gone = {id(each) for each in prepare(missing)}
    new: dict[str, CutHTML] = {}
    token_only = {"csrf_token": str(context.get("csrf_token", ""))}
    shown: dict[int, SafeString] = {}
    # From the last: a fragment in a slot is filled before the fragment whose slot it fills.
    for fragment, key in zip(reversed(every), reversed(keys), strict=True):
        if id(fragment) in gone:
            shown[id(fragment)] = SafeString("")
            continue
        cut = kept.get(key) or new.get(key)
        if cut is None:
            mark = secrets.token_hex(16)
            rendering = _mark.set(mark)
            try:
                with context.push(csrf_token=CSRF_SLOT, **fragment.context):
                    cut = _cut(templates[fragment.template].render(context), mark)
            finally:
                _mark.reset(rendering)
            new[key] = cut
        values = token_only
        if fragment.slots:
            values = token_only | {
                name: shown[id(value)] if isinstance(value, Fragment) else conditional_escape(value)
                for name, value in fragment.slots.items()
            }
        # Template output, escaped as it was rendered, and values escaped or rendered here.
        shown[id(fragment)] = mark_safe(_join(cut, values))  # noqa: S308
    if new:
        cache.set_many(new, FRAGMENT_SECONDS)
        recent_fragments.add_many(new)
    return [shown[id(fragment)] for fragment in fragments]


def as_list_items(fragments: Iterable[str], item_class: str = "") -> SafeString:
    """Each fragment in a list item; an empty one (its object is gone) in none."""
    fragments = [html for html in fragments if html]
    if item_class:
        return format_html_join(
            "\n", '<li class="{}">{}</li>', ((item_class, html) for html in fragments)
        )
    return format_html_join("\n", "<li>{}</li>", ((html,) for html in fragments))
