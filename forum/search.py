"""Search in both languages, on PostgreSQL and on SQLite, behind one pair of functions.

Chinese has no spaces between words, so splitting on spaces finds nothing. Every post keeps a
search document (`Post.search_document`, written at save time) in which each run of Chinese
characters is spelled out as single characters and overlapping pairs, and other words are
lower-cased: "我家的猫 Biscuit" → "我 家 的 猫 我家 家的 的猫 biscuit". A query is cut the same
way (pairs only, for runs of two or more characters), so "猫咪" finds "我家的猫咪" and not "猫"
alone. The database then does plain token matching: PostgreSQL's `simple` text search
configuration over a GIN index, SQLite's FTS5 table kept in step by triggers.
"""

import re
from html import unescape

from django.db import connection
from django.db.models import BooleanField, QuerySet
from django.db.models.expressions import RawSQL
from django.utils.html import escape, strip_tags

CJK_RUN = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]+")
WORD = re.compile(r"[^\W_]+", re.UNICODE)
MAX_QUERY_TOKENS = 12
SNIPPET_CHARS = 160


def split_by(pattern: re.Pattern, text: str):
    """Yield (matched, piece) in order: the runs `pattern` matches and the text between them."""
    position = 0
    for match in pattern.finditer(text):
        yield False, text[position : match.start()]
        yield True, match.group(0)
        position = match.end()
    yield False, text[position:]


def document_tokens(text: str) -> list[str]:
    """The tokens a post is found by."""
    tokens: list[str] = []
    for is_cjk, piece in split_by(CJK_RUN, text):
        if is_cjk:
            tokens += list(piece)
            tokens += [piece[i : i + 2] for i in range(len(piece) - 1)]
        else:
            tokens += [word.lower() for word in WORD.findall(piece)]
    return tokens


def search_document(title: str, body: str) -> str:
    return " ".join(document_tokens(f"{title}\n{body}"))


def query_tokens(query: str) -> list[str]:
    """The tokens a result must all contain."""
    tokens: list[str] = []
    for is_cjk, piece in split_by(CJK_RUN, query):
        if is_cjk:
            tokens += (
                [piece] if len(piece) == 1 else [piece[i : i + 2] for i in range(len(piece) - 1)]
            )
        else:
            tokens += [word.lower() for word in WORD.findall(piece)]
    return list(dict.fromkeys(tokens))[:MAX_QUERY_TOKENS]


def matching(posts: QuerySet, query: str) -> QuerySet:
    """Narrow `posts` to those containing every token of `query` (none for an empty query)."""
    tokens = query_tokens(query)
    if not tokens:
        return posts.none()
    if connection.vendor == "postgresql":
        # The same expression as the GIN index of migration 0003, on the posts row itself
        # (a subquery left the planner free to test every post of a join one by one).
        return posts.filter(
            RawSQL(
                "to_tsvector('simple', forum_post.search_document) "
                "@@ plainto_tsquery('simple', %s)",
                [" ".join(tokens)],
                output_field=BooleanField(),
            )
        )
    # FTS5: each token quoted is matched literally; tokens side by side must all occur.
    expression = " ".join('"' + token.replace('"', '""') + '"' for token in tokens)
    return posts.filter(
        pk__in=RawSQL(
            "SELECT rowid FROM forum_post_fts WHERE forum_post_fts MATCH %s", [expression]
        )
    )


def highlighted_snippet(html: str, query: str) -> str:
    """A short piece of the post around the first match, escaped, matches in <mark>."""
    # The stored HTML's entities (&lt;) become characters again, then are escaped once.
    text = " ".join(unescape(strip_tags(html)).split())
    terms = sorted(
        {piece for is_cjk, piece in split_by(CJK_RUN, query) if piece.strip() and is_cjk}
        | set(WORD.findall(query)),
        key=len,
        reverse=True,
    )
    lowered = text.lower()
    first = min((i for i in (lowered.find(t.lower()) for t in terms) if i >= 0), default=0)
    start = max(0, first - SNIPPET_CHARS // 3)
    snippet = text[start : start + SNIPPET_CHARS]
    escaped = escape(snippet)
    if terms:
        # Chinese terms match anywhere; other words only as whole words ("cat", not "category").
        alternatives = [
            re.escape(escape(term))
            if CJK_RUN.fullmatch(term)
            else rf"(?<!\w){re.escape(escape(term))}(?!\w)"
            for term in terms
        ]
        pattern = re.compile("|".join(alternatives), re.IGNORECASE)
        escaped = pattern.sub(lambda match: f"<mark>{match.group(0)}</mark>", escaped)
    prefix = "… " if start > 0 else ""
    suffix = " …" if start + SNIPPET_CHARS < len(text) else ""
    return prefix + escaped + suffix
