"""Member-written Markdown to safe HTML: markdown-it-py, then an nh3 allow-list.

Rendering happens once, at write time; the sanitized HTML is stored beside the source.
Translated HTML comes back from an outside service and passes `sanitize_html` again.
"""

import re
import unicodedata
from html import unescape

import nh3
from django.utils.html import strip_tags
from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "del", "s", "code", "pre", "blockquote",
    "ul", "ol", "li", "a", "h3", "h4", "h5", "h6", "hr",
    "table", "thead", "tbody", "tr", "th", "td", "span",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    # None on every tag: nh3 otherwise lets `lang` and `title` through on any element, beyond
    # what is listed here (found by tests/core/test_markup_properties.py).
    "*": set(),
    "a": {"href", "title", "translate"},
    "span": {"class", "translate"},
    "code": {"class", "translate"},
    "pre": {"translate"},
    "th": {"align"},
    "td": {"align"},
}
ALLOWED_SCHEMES = {"http", "https", "mailto"}

_markdown = (
    MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    .enable("strikethrough")
    .enable("table")
)


def _image_as_its_description(renderer, tokens, idx, options, env) -> str:
    # <img> is not allowed (photos are uploaded, never hot-linked), but the member's words are.
    return escapeHtml(renderer.renderInlineAsText(tokens[idx].children or [], options, env))


_markdown.add_render_rule("image", _image_as_its_description)


def sanitize_html(html: str) -> str:
    """Keep only the allow-listed tags and attributes; links become nofollow ugc."""
    # Twice: dropping an element can leave a tree no HTML parser would build (`<h3><b><h3>`
    # leaves an h3 inside an h3) or a raw carriage return from `&#13;`, which a browser, and
    # the next sanitizing, would read differently. A tree of allowed elements only, written
    # out, reads back as written: the second pass makes what is stored what is shown.
    return _clean(_clean(html))


def _clean(html: str) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_SCHEMES,
        link_rel="nofollow ugc noopener",
        strip_comments=True,
        attribute_filter=_drop_disguised_schemes,
    )


_SCHEME = re.compile(r"([a-z][a-z0-9+.-]*):")


def _drop_disguised_schemes(tag: str, attribute: str, value: str) -> str | None:
    """nh3 reads an address as browsers do today, so `java script:` or DEL + `data:` is a
    relative link to it; older browsers and some mail readers skipped such characters and ran
    the script. No real address hides its scheme that way: with every space and control
    character taken out, a scheme must still be an allowed one."""
    if attribute not in ("href", "src"):
        return value
    compact = "".join(
        c for c in value if not (c.isspace() or unicodedata.category(c) in ("Cc", "Cf"))
    )
    scheme = _SCHEME.match(compact.lower())
    return None if scheme and scheme.group(1) not in ALLOWED_SCHEMES else value


def render_markdown(source: str) -> str:
    """Render Markdown written by a member (raw HTML in it is shown as text)."""
    # Headings of levels 1 and 2 would compete with the page's own; shift them down.
    html = _markdown.render(source or "")
    for level_from, level_to in (("h1", "h3"), ("h2", "h4")):
        html = html.replace(f"<{level_from}>", f"<{level_to}>").replace(
            f"</{level_from}>", f"</{level_to}>"
        )
    return sanitize_html(mark_untranslatable(html))


_TAG = re.compile(r"(<[^>]+>)")
_HASHTAG = re.compile(r"(?<![\w&/#])#(\w{1,50})")
_KEEP_AS_IS = ("code", "pre", "a")


def mark_untranslatable(html: str) -> str:
    """Mark what translation must leave alone: code, @mentions, links that show their own
    address, and #tags (DeepL keeps elements with translate="no" as they are)."""
    pieces = _TAG.split(html)
    inside: list[str] = []
    for index, piece in enumerate(pieces):
        if index % 2:  # a tag
            name = piece.strip("</>").split()[0].lower() if piece.strip("</>") else ""
            if piece.startswith("</"):
                if inside and inside[-1] == name:
                    inside.pop()
            elif name in _KEEP_AS_IS:
                inside.append(name)
                if name in ("code", "pre"):
                    pieces[index] = f'<{name} translate="no"' + piece[len(name) + 1 :]
                elif name == "a" and _link_text_is_kept(pieces, index):
                    pieces[index] = '<a translate="no"' + piece[2:]
        elif piece and not inside:
            pieces[index] = _HASHTAG.sub(r'<span class="hashtag" translate="no">#\1</span>', piece)
    return "".join(pieces)


def _link_text_is_kept(pieces: list[str], index: int) -> bool:
    """An @mention, or a link whose text is its own address."""
    text = unescape(pieces[index + 1]) if index + 1 < len(pieces) else ""
    return text.startswith("@") or text.startswith(("http://", "https://", "mailto:"))


_BLOCK_ENDS = re.compile(r"</(p|li|h[3-6]|blockquote|pre|tr)>|<br\s*/?>", re.IGNORECASE)


def html_to_text(html: str) -> str:
    """Sanitized HTML back to editable plain text: one blank line between paragraphs."""
    text = _BLOCK_ENDS.sub("\n\n", html or "")
    text = unescape(strip_tags(text))
    return re.sub(r"\n{3,}", "\n\n", text).strip()
