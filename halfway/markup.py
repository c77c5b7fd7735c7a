"""Member-written Markdown to safe HTML: markdown-it-py, then an nh3 allow-list.

Rendering happens once, at write time; the sanitized HTML is stored beside the source.
Translated HTML comes back from an outside service and passes `sanitize_html` again.
"""

import nh3
from markdown_it import MarkdownIt

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "del", "s", "code", "pre", "blockquote",
    "ul", "ol", "li", "a", "h3", "h4", "h5", "h6", "hr",
    "table", "thead", "tbody", "tr", "th", "td", "span",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
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


def sanitize_html(html: str) -> str:
    """Keep only the allow-listed tags and attributes; links become nofollow ugc."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_SCHEMES,
        link_rel="nofollow ugc noopener",
        strip_comments=True,
    )


def render_markdown(source: str) -> str:
    """Render Markdown written by a member (raw HTML in it is shown as text)."""
    # Headings of levels 1 and 2 would compete with the page's own; shift them down.
    html = _markdown.render(source or "")
    for level_from, level_to in (("h1", "h3"), ("h2", "h4")):
        html = html.replace(f"<{level_from}>", f"<{level_to}>").replace(
            f"</{level_from}>", f"</{level_to}>"
        )
    return sanitize_html(html)
