"""Properties of the markup pipeline: no script survives what members write (Markdown) nor
what the translation service sends back (HTML), and members' words are never dropped.

Hypothesis draws new inputs on every run (not derandomized): the properties are exact, so a
failure is a real finding, never noise, and each run explores a little more. A failure prints
the minimal input; Hypothesis keeps it in `.hypothesis/` (which ignores itself in git) and tries
it first on the next run.
"""

import itertools
import re
import unicodedata
from html.parser import HTMLParser

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.markup import render_markdown, sanitize_html
from translation import services
from translation.models import Translation

# What may reach a page, written out here on purpose rather than imported from the module under
# test: widening the sanitizer's allow-list has to be a deliberate change to this file too.
MAY_REACH_A_PAGE: dict[str, set[str]] = {
    **{tag: set() for tag in (
        "p", "br", "strong", "em", "del", "s", "blockquote", "ul", "ol", "li",
        "h3", "h4", "h5", "h6", "hr", "table", "thead", "tbody", "tr",
    )},
    "a": {"href", "title", "translate", "rel"},
    "span": {"class", "translate"},
    "code": {"class", "translate"},
    "pre": {"translate"},
    "th": {"align"},
    "td": {"align"},
}  # fmt: skip
URL_ATTRIBUTES = {
    "href", "src", "xlink:href", "action", "formaction", "srcdoc", "data", "poster",
    "background", "cite", "srcset", "ping", "codebase", "lowsrc", "dynsrc",
}  # fmt: skip
SAFE_SCHEMES = {"http", "https", "mailto"}

# Examples per property, sized so this file runs in about 12 seconds on one idle core (-n0).
FAST = settings(max_examples=300, deadline=None)
# The translation paths write rows (and one talks HTTP to the fake DeepL): fewer examples.
WITH_DATABASE = settings(
    max_examples=60,
    deadline=None,
    # The db and fake-DeepL fixtures are shared by the examples of one test, which is fine:
    # each example writes its own row (a fresh source hash) and resets what it changes.
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)


# --- Reading the output as a browser would -------------------------------------------------

# nh3 serializes canonically: text never holds a raw "<", attributes are double-quoted. An
# output of only these tokens is read the same way by every HTML parser, so what html.parser
# sees below is what a browser sees.
_TOKEN = re.compile(r'[^<]+|<([a-z][a-z0-9]*)(?: [a-z][a-z0-9:-]*="[^"]*")*>|</([a-z][a-z0-9]*)>')


class _Page(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.end_tags: list[str] = []
        self.text: list[str] = []
        self.other: list[str] = []  # comments, declarations, processing instructions

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, attrs))

    def handle_startendtag(self, tag, attrs):
        self.elements.append((tag, attrs))

    def handle_endtag(self, tag):
        self.end_tags.append(tag)

    def handle_data(self, data):
        self.text.append(data)

    def handle_comment(self, data):
        self.other.append(f"<!--{data}-->")

    def handle_decl(self, decl):
        self.other.append(f"<!{decl}>")

    def unknown_decl(self, data):
        self.other.append(f"<![{data}]>")

    def handle_pi(self, data):
        self.other.append(f"<?{data}>")


def read(html: str) -> _Page:
    page = _Page()
    page.feed(html)
    page.close()
    return page


def _compact(value: str) -> str:
    """The value without any whitespace or control character, lowercased."""
    return "".join(
        c for c in value if not (c.isspace() or unicodedata.category(c) in ("Cc", "Cf"))
    ).lower()


def _scheme(url: str) -> str | None:
    match = re.match(r"([a-z][a-z0-9+.-]*):", url)
    return match.group(1) if match else None


def url_is_safe(value: str) -> bool:
    """http:, https:, mailto: or relative, however the scheme is disguised.

    `value` comes HTML-unescaped from the parser. Browsers drop leading and trailing controls and
    spaces and every tab and newline (WHATWG URL); older browsers and mail clients skipped other
    controls too, so the stricter reading is checked as well: with every whitespace and control
    character removed, no scheme but the three may appear.
    """
    as_browsers_read_it = re.sub(r"[\t\n\r]", "", value.strip("".join(map(chr, range(33)))))
    for reading in (as_browsers_read_it.lower(), _compact(value)):
        scheme = _scheme(reading)
        if scheme is not None and scheme not in SAFE_SCHEMES:
            return False
    return True


def assert_safe(html: str) -> _Page:
    position = 0
    while position < len(html):
        token = _TOKEN.match(html, position)
        assert token, f"not canonical HTML at {position}: {html[position : position + 40]!r}"
        position = token.end()
    page = read(html)
    assert page.other == []
    for tag in page.end_tags:
        assert tag in MAY_REACH_A_PAGE, tag
    for tag, attributes in page.elements:
        assert tag not in ("script", "style")
        assert tag in MAY_REACH_A_PAGE, tag
        for name, value in attributes:
            assert not name.startswith("on"), (tag, name)
            assert name != "style", tag
            assert name in MAY_REACH_A_PAGE[tag], (tag, name)
            if name in URL_ATTRIBUTES:
                assert url_is_safe(value or ""), (tag, name, value)
    return page


def test_the_oracle_itself_sees_what_a_browser_would_run():
    # The checks above must be able to fail, or the properties prove nothing.
    hostile = [
        "<script>x</script>",
        "<img src=x>",
        '<p style="color:red">x</p>',
        '<a href="x" onclick="y">x</a>',
        '<a href="&#1;java&#9;script:alert(1)">x</a>',
        '<a href="java\x01script:alert(1)">x</a>',
        '<a href="DATA:text/html,x">x</a>',
        "<p>a</p><!-- c -->",
        "<p title=x>a</p>",
        "<p>a < b</p>",
    ]
    for html in hostile:
        with pytest.raises(AssertionError):
            assert_safe(html)
    assert_safe('<p>a &lt; b <a href="/x?y=javascript:1" rel="nofollow">link</a></p>')
    assert url_is_safe("https://example.com/a:b") and url_is_safe("#top")


# --- Hostile material ---------------------------------------------------------------------

_OBFUSCATIONS = [
    "\t", "\n", "\r", "\x00", "\x01", "\x0b", "\x0c", "\x1f", "\x7f", " ", "\u00a0", "\u200b",
    "\u2028", "\u3000", "&#9;", "&#x09;", "&#10;", "&#x0A;", "&#13;", "&Tab;", "&NewLine;",
    "&#0;", "&#x0;", "%09", "%0a",
]  # fmt: skip
_COLONS = [":", "&#58;", "&#x3a;", "&#X3A;", "&colon;", "&#0000058", "%3a", "\\3a"]
_PAYLOADS = ["alert(1)", "alert`1`", "text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
             "msgbox(1)", "//%0aalert(1)", "image/svg+xml,<svg onload=alert(1)>"]  # fmt: skip


@st.composite
def _letter(draw, letter: str) -> str:
    how = draw(st.sampled_from(["as is", "upper", "decimal", "hex", "padded"]))
    if how == "upper":
        return letter.upper()
    if how == "decimal":
        return f"&#{ord(letter)};"
    if how == "hex":
        return f"&#x{ord(letter):x};"
    if how == "padded":
        return f"&#{ord(letter):07d}"
    return letter


@st.composite
def hostile_urls(draw) -> str:
    """javascript:, data: and vbscript:, cased, entity-encoded and broken up by whitespace."""
    scheme = draw(st.sampled_from(["javascript", "data", "vbscript", "livescript"]))
    letters = [draw(_letter(letter)) for letter in scheme]
    for _ in range(draw(st.integers(0, 3))):
        letters.insert(draw(st.integers(0, len(letters))), draw(st.sampled_from(_OBFUSCATIONS)))
    prefix = "".join(draw(st.lists(st.sampled_from(_OBFUSCATIONS), max_size=2)))
    colon = draw(st.sampled_from(_COLONS))
    return prefix + "".join(letters) + colon + draw(st.sampled_from(_PAYLOADS))


urls = st.one_of(
    hostile_urls(),
    st.sampled_from([
        "https://example.com/a?b=c&d=e", "http://例子.测试/路径", "mailto:jess@example.com",
        "/members/jess/", "#top", "?q=1", "//evil.example/x", "ftp://example.com/",
        "javascript://%0aalert(1)", "https://example.com/javascript:alert(1)", "",
    ]),
    st.text(max_size=15),
)  # fmt: skip

# Plain words a member wrote; each must be readable in the output.
words = st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789",
                min_size=3, max_size=10)  # fmt: skip


# --- Markdown: what members write ----------------------------------------------------------


def _title(draw) -> str:
    return draw(st.sampled_from(["", ' "t"', " 'x\" onmouseover=\"alert(1)'", ' "a<b>"']))


def _destination(draw) -> str:
    """A link's address as Markdown takes it between parentheses: spaces and controls would end
    it (and what follows could become its title, hiding words), so they are percent-encoded."""
    url = re.sub(r"[\x00-\x20\x7f()]", lambda match: f"%{ord(match.group()):02X}", draw(urls))
    return url or "x"


@st.composite
def markdown_with_words(draw) -> tuple[str, list[str]]:
    """Markdown built of complete constructs, and the words in it a reader must get to see."""
    kept: list[str] = []
    blocks: list[str] = []

    def word() -> str:
        value = draw(words)
        kept.append(value)
        return value

    for _ in range(draw(st.integers(1, 6))):
        kind = draw(st.sampled_from([
            "paragraph", "heading", "setext", "quote", "list", "table", "fence", "indented",
            "reference",
        ]))  # fmt: skip
        if kind == "paragraph":
            inline = [draw(_inline(word)) for _ in range(draw(st.integers(1, 5)))]
            blocks.append(" ".join(inline))
        elif kind == "heading":
            blocks.append("#" * draw(st.integers(1, 6)) + " " + draw(_inline(word)))
        elif kind == "setext":
            blocks.append(draw(_inline(word)) + "\n" + draw(st.sampled_from(["===", "---"])))
        elif kind == "quote":
            blocks.append("> " + draw(_inline(word)))
        elif kind == "list":
            marker = draw(st.sampled_from(["-", "*", "1."]))
            items = [draw(_inline(word)) for _ in range(draw(st.integers(1, 3)))]
            blocks.append("\n".join(f"{marker} {item}" for item in items))
        elif kind == "table":
            # A pipe inside a cell is written `\|` (GFM): a bare one starts another cell, and
            # cells beyond the header's count are dropped by the table rule itself.
            def cell() -> str:
                return draw(_inline(word)).replace("|", "\\|")

            align = draw(st.sampled_from(["---", ":--", "--:", ":-:"]))
            blocks.append(f"| {cell()} | {word()} |\n| {align} | --- |\n| {cell()} | `{word()}` |")
        elif kind == "fence":
            info = draw(st.sampled_from(["", "js", 'x" onclick="y', "<script>"]))
            blocks.append(f"```{info}\n{word()} <script>alert(1)</script>\n```")
        elif kind == "indented":
            blocks.append(f"    {word()} <img src=x onerror=alert(1)>")
        else:  # a reference link and its definition (the definition itself shows nothing)
            label = draw(st.sampled_from(["ref", "x y", "Ref"]))
            blocks.append(
                f"[{word()}][{label}] {word()}\n\n[{label}]: {draw(urls).strip() or 'x'}"
                f"{_title(draw)}"
            )
    return "\n\n".join(blocks), kept


@st.composite
def _inline(draw, word) -> str:
    """One inline construct: hostile ones, and ones holding a word the reader must see."""
    kind = draw(st.sampled_from([
        "word", "emphasis", "nested", "link", "angle link", "image", "autolink", "code",
        "hashtag", "mention", "mention link", "raw html", "strike", "entity",
    ]))  # fmt: skip
    if kind == "word":
        return word()
    if kind == "emphasis":
        mark = draw(st.sampled_from(["*", "_", "**", "__", "***"]))
        return f"{mark}{word()}{mark}"
    if kind == "nested":
        return f"***{word()} _{word()}_ **{word()}***"
    if kind == "link":
        return f"[{word()}]({_destination(draw)}{_title(draw)})"
    if kind == "angle link":
        url = re.sub(r"[<>\r\n]", "", draw(urls))
        return f"[{word()}](<{url}>)"
    if kind == "image":
        return f"![{word()}]({_destination(draw)})"
    if kind == "autolink":
        url = re.sub(r"[<>\s]", "", draw(urls))
        return f"<{url}> {word()}"
    if kind == "code":
        return f"`{word()} <script>alert(1)</script>`"
    if kind == "hashtag":
        return f"#{word()}"
    if kind == "mention":
        return f"@{word()}"
    if kind == "mention link":
        name = word()
        return f"[@{name}](/members/{name}/)"
    if kind == "raw html":
        return draw(st.sampled_from(HOSTILE_HTML)) + " " + word()
    if kind == "strike":
        return f"~~{word()}~~"
    return f"&lt;{word()}&gt; &#106;{word()}"


HOSTILE_HTML = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">x</a>',
    "<svg onload=alert(1)>",
    "<iframe srcdoc='<script>alert(1)</script>'>",
    "<style>*{display:none}</style>",
    "<!-- <script>alert(1)</script> -->",
    "<![CDATA[<script>alert(1)</script>]]>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<form action=javascript:alert(1)><button>x</button></form>",
    "<base href=javascript:alert(1)//>",
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    "<p style=background:url(javascript:alert(1))>",
    "<object data=javascript:alert(1)>",
    "<embed src=data:text/html,<script>alert(1)</script>>",
    "<link rel=import href=data:text/html,x>",
]

# Anything at all, mixed with the hostile fragments, for the safety property.
any_markdown = st.lists(
    st.one_of(
        st.text(max_size=30),
        st.sampled_from(HOSTILE_HTML),
        st.builds(lambda url: f"[x]({url})", urls),
        st.builds(lambda url: f"![x]({url})", urls),
        st.builds(lambda url: f"<{url}>", urls),
        st.builds(lambda url: f"[x][r]\n\n[r]: {url}", urls),
        markdown_with_words().map(lambda pair: pair[0]),
        st.sampled_from(["\n", "\n\n", " ", "`", "*", "_", "[", "]", "(", ")", "<", ">", "#",
                         "@", "|", "---", "```", "\\", "&", "&#", ";", '"', "'"]),
    ),
    max_size=12,
).map("".join)  # fmt: skip


@FAST
@given(any_markdown)
def test_no_script_survives_markdown(source):
    assert_safe(render_markdown(source))


@FAST
@given(markdown_with_words())
def test_markdown_never_loses_the_members_words(source_and_words):
    source, kept = source_and_words
    page = assert_safe(render_markdown(source))
    text = "".join(page.text)
    position = 0
    for word in kept:  # each word, in the order written
        found = text.find(word, position)
        assert found >= 0, (word, text[position:])
        position = found + len(word)


# --- HTML: what the translation service sends back -----------------------------------------

_TAGS = [
    *sorted(MAY_REACH_A_PAGE),
    "script", "style", "iframe", "svg", "math", "img", "object", "embed", "form", "base",
    "meta", "link", "input", "button", "textarea", "title", "noscript", "template", "xmp",
    "plaintext", "noembed", "noframes", "select", "option", "video", "audio", "source",
    "body", "html", "head", "frameset", "frame", "mglyph", "mtext", "mi", "annotation-xml",
    "foreignObject", "desc", "animate", "set", "use", "image", "marquee", "applet", "area",
    "map", "details", "dialog", "div", "x-tag", "ScRiPt", "A", "SVG",
]  # fmt: skip
_ATTRIBUTE_NAMES = [
    "onclick", "onerror", "onload", "ONMOUSEOVER", "onfocus", "onbegin", "style", "href", "src",
    "xlink:href", "formaction", "action", "srcdoc", "data", "background", "poster", "srcset",
    "class", "id", "title", "translate", "align", "rel", "target", "hx-get", "hx-trigger",
    "hx-on:click", "x-data", "autofocus", "name", "form", "attributeName", "values", "to",
    "xmlns", "encoding", "http-equiv", "content", "dynsrc", "lowsrc",
]  # fmt: skip
_attribute_values = st.one_of(
    urls,
    st.sampled_from([
        "alert(1)", "expression(alert(1))", "background:url(javascript:alert(1))",
        "<script>alert(1)</script>", "\"><script>alert(1)</script>", "href", "text/html",
        "0;url=javascript:alert(1)", "no",
    ]),
    st.text(max_size=12),
)  # fmt: skip


@st.composite
def _attribute(draw) -> str:
    # Half of them carry a URL, where a disguised scheme could hide.
    name = draw(st.sampled_from(["href", "src", "xlink:href"]) | st.sampled_from(_ATTRIBUTE_NAMES))
    value = draw(_attribute_values)
    quoting = draw(st.sampled_from(['"', "'", "", "none"]))
    if quoting == "none":
        return name
    if quoting == "":  # unquoted: up to the first space or ">"
        unquoted = re.sub(r"[\s>]", "", value) or "x"
        return f"{name}={unquoted}"
    return f"{name}={quoting}{value.replace(quoting, '')}{quoting}"


@st.composite
def _element(draw, children) -> str:
    # Links are what is kept with an address: draw them often.
    tag = draw(st.sampled_from(["a", "A"]) | st.sampled_from(_TAGS))
    separators = st.sampled_from([" ", "/", "\n", "\t"])
    attributes = "".join(
        draw(separators) + draw(_attribute()) for _ in range(draw(st.integers(0, 3)))
    )
    inside = "".join(draw(st.lists(children, max_size=4)))
    closing = draw(st.sampled_from(["proper", "proper", "none", "other", "self", "spaced"]))
    if closing == "self":
        return f"<{tag}{attributes}/>{inside}"
    end = {
        "proper": f"</{tag}>",
        "none": "",
        "other": f"</{draw(st.sampled_from(_TAGS))}>",
        "spaced": f"</{tag} x>",
    }[closing]
    return f"<{tag}{attributes}>{inside}{end}"


_html_leaves = st.one_of(
    st.text(max_size=20),
    words,
    st.sampled_from([
        "<!-- c -->", "<!-->", "<!--!>", "<!-- <script>alert(1)</script> -->", "--!>",
        "<![CDATA[<script>alert(1)</script>]]>", "<?xml x?>", "<!doctype html>", "</p>",
        "</script>", "<", "&", "&lt;script&gt;", "&#60;script&#62;", "]]>", "<p", "<a href=",
        "<img src=x onerror=alert(1)//", "<script>alert(1)</script>", "</", "<!",
    ]),
)  # fmt: skip
any_html = st.recursive(_html_leaves, _element, max_leaves=12).map(str)
documents = st.lists(any_html, max_size=5).map("".join)


@FAST
@given(documents)
def test_no_script_survives_sanitizing(html):
    clean = sanitize_html(html)
    assert_safe(clean)
    assert sanitize_html(clean) == clean


# --- The paths translated HTML really takes to the database --------------------------------

_hashes = itertools.count()


@pytest.mark.django_db
@WITH_DATABASE
@given(documents)
def test_a_translation_written_by_hand_is_stored_safe(html):
    translation = services.store_translation_by_hand(
        source_html=f"<p>text {next(_hashes)}</p>",
        source_language="en",
        target_language="zh-hans",
        html=html,
    )
    translation.refresh_from_db()
    assert_safe(translation.html)


@pytest.mark.django_db
@WITH_DATABASE
@given(documents)
def test_what_deepl_sends_back_is_stored_safe(deepl, html):
    # The fake answers "[ZH-HANS] " + the source, then whatever it is told to inject.
    deepl.behaviour.inject = html
    translation = Translation.objects.create(
        source_hash=f"property-{next(_hashes)}",
        target_language="zh-hans",
        source_html="<p>hello</p>",
        source_language="en",
    )
    services.translate_pending(translation_ids=[translation.pk])
    translation.refresh_from_db()
    assert translation.status == Translation.Status.DONE
    assert_safe(translation.html)
