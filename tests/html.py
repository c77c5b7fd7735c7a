"""Reading HTML the way a browser would, for assertions about what is live in it."""

import re
from html.parser import HTMLParser


class _Elements(HTMLParser):
    def __init__(self):
        super().__init__()
        self.elements: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))


def live_dangers(html: str) -> list[str]:
    """What in this HTML could run or act: scripts, images, event handlers, htmx attributes,
    javascript: links. Text that merely mentions them (escaped) is not a danger."""
    parser = _Elements()
    parser.feed(html)
    found = []
    for tag, attributes in parser.elements:
        if tag in {"script", "img", "iframe", "object", "embed", "style", "form", "svg"}:
            found.append(f"<{tag}>")
        for name, value in attributes.items():
            if name.startswith(("on", "hx-", "data-hx")):
                found.append(f"{tag}[{name}]")
            if name in {"href", "src"} and (value or "").strip().lower().startswith("javascript:"):
                found.append(f"{tag}[{name}=javascript:]")
    return found


def without_tokens(html: str) -> str:
    """The page without what differs on every view of it: CSRF tokens, forms' own ids."""
    html = re.sub(r'value="[A-Za-z0-9]{64}"', 'value=""', html)
    html = re.sub(r'"X-CSRFToken": "[A-Za-z0-9]{64}"', "", html)
    return re.sub(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "", html)


class _Controls(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.values: dict[str, str] = {}
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "textarea":
            self._textarea = attributes.get("name") or ""
            self.values[self._textarea] = ""
        elif tag == "input" and attributes.get("name") and attributes.get("value") is not None:
            self.values.setdefault(attributes["name"], attributes["value"])

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea is not None:
            self.values[self._textarea] += data.removeprefix("\n")


def form_values(html: str) -> dict[str, str]:
    """Each named text box's text and input's value as a browser shows it (the first of each
    name), whichever way the page escaped it."""
    parser = _Controls()
    parser.feed(html)
    return parser.values
