"""@mentions: found in the Markdown source, outside code, and turned into profile links."""

import re

from django.urls import reverse

from forum.search import split_by

MENTION = re.compile(r"(?<![\w@/])@([\w.+-]{2,150})", re.UNICODE)
# Fenced blocks, indented code is left alone by keeping only fences and inline spans simple.
CODE = re.compile(r"```.*?```|~~~.*?~~~|`[^`\n]*`", re.DOTALL)
MAX_MENTIONS_PER_POST = 10


def mentioned_usernames(source: str) -> list[str]:
    """The @names in a post, in order, without repeats, at most MAX_MENTIONS_PER_POST."""
    names: dict[str, str] = {}  # lowercase name → the name as first written
    for is_code, piece in split_by(CODE, source):
        if is_code:
            continue
        for name in MENTION.findall(piece):
            name = name.rstrip(".")
            names.setdefault(name.lower(), name)
    return list(names.values())[:MAX_MENTIONS_PER_POST]


def link_mentions(source: str, usernames: dict[str, str]) -> str:
    """Turn @name into a Markdown link for each existing member (lowercase name → username)."""

    def replace(match: re.Match) -> str:
        name = match.group(1).rstrip(".")
        username = usernames.get(name.lower())
        if username is None:
            return match.group(0)
        url = reverse("accounts:profile", kwargs={"username": username})
        trailing = match.group(1)[len(name) :]
        return f"[@{username}]({url}){trailing}"

    return "".join(
        piece if is_code else MENTION.sub(replace, piece)
        for is_code, piece in split_by(CODE, source)
    )
