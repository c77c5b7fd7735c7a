"""Post and message bodies: text drawn from the pools, rendered once as the forum renders it."""

import random

from core.markup import render_markdown
from demo.dataset.bulk import fill
from demo.dataset.words import (
    EN_FILL,
    EN_SENTENCES,
    MENTION_ASIDES,
    OTHER_SENTENCES,
    TAGS,
    ZH_FILL,
    ZH_SENTENCES,
)
from demo.dataset.world import Body, People, World
from forum import search
from forum.mentions import link_mentions, mentioned_usernames
from translation.detection import detect_language


def render(text: str, usernames: dict[str, int]) -> Body:
    """Render as the forum does (forum.services.render_post): @mentions of members linked,
    Markdown sanitized, language detected, search document written."""
    names = [name for name in mentioned_usernames(text) if name.lower() in usernames]
    links = {name.lower(): name for name in names}
    detected = detect_language(text)
    return Body(
        text=text,
        html=render_markdown(link_mentions(text, links)),
        language=detected.code,
        is_mixed=detected.is_mixed,
        document=search.search_document("", text),
        mentions=tuple(dict.fromkeys(usernames[name.lower()] for name in names)),
    )


def _sentences(rng: random.Random, kind: str, count: int) -> list[str]:
    if kind == "en":
        return [fill(rng, rng.choice(EN_SENTENCES), EN_FILL) for _ in range(count)]
    if kind == "zh":
        return [fill(rng, rng.choice(ZH_SENTENCES), ZH_FILL) for _ in range(count)]
    if kind == "mixed":
        return [
            fill(
                rng,
                rng.choice(EN_SENTENCES if i % 2 else ZH_SENTENCES),
                EN_FILL if i % 2 else ZH_FILL,
            )
            for i in range(max(2, count))
        ]
    sentences = rng.choice(OTHER_SENTENCES)
    return [fill(rng, sentences[i % 2], EN_FILL) for i in range(min(count, 2))]


def _markdown_body(rng: random.Random, kind: str, people: People) -> str:
    """One to three paragraphs of one to three sentences, a third of them with Markdown."""
    paragraphs = [
        (" " if kind != "zh" else "").join(_sentences(rng, kind, rng.randint(1, 3)))
        # A post in a third language is one paragraph, in one language.
        for _ in range(1 if kind == "other" else rng.choices([1, 2, 3], [55, 30, 15])[0])
    ]
    roll = rng.random()
    if roll < 0.08:  # bold
        first = paragraphs[0]
        cut = first.find(" ", 10)
        paragraphs[0] = f"**{first[:cut]}**{first[cut:]}" if cut > 0 else f"**{first}**"
    elif roll < 0.14:  # a link
        label = rng.choice(["recipe", "菜谱", "photos", "照片"])
        paragraphs.append(f"[{label}](https://example.com/{rng.randrange(10_000)})")
    elif roll < 0.22:  # #tags
        paragraphs[-1] += " " + " ".join(rng.sample(TAGS, rng.randint(1, 2)))
    elif roll < 0.30 and people.usernames:  # an @mention
        someone = people.usernames[rng.randrange(len(people.usernames))]
        paragraphs.insert(0, f"@{someone} {rng.choice(MENTION_ASIDES)}")
    elif roll < 0.34:  # a list
        items = _sentences(rng, kind if kind != "other" else "en", 3)
        paragraphs.append("\n".join(f"- {item}" for item in items))
    elif roll < 0.37:  # a quote
        paragraphs.insert(0, "> " + _sentences(rng, kind if kind != "other" else "en", 1)[0])
    return "\n\n".join(paragraphs)


def add_body_pool(world: World, size: int) -> None:
    """Render `size` distinct post bodies once; posts reuse them by index."""
    rng, people = world.rng, world.people
    usernames = {name.lower(): index for index, name in enumerate(people.usernames)}
    kinds = {"en": 40, "zh": 40, "mixed": 12, "other": 8}
    for kind, share in kinds.items():
        world.pools[kind] = []
        for _ in range(max(1, size * share // 100)):
            world.pools[kind].append(len(world.bodies))
            world.bodies.append(render(_markdown_body(rng, kind, people), usernames))


def body_for(world: World, author: int) -> int:
    """A pool body in what the author would write: mostly their language, some of both, a
    little of the other or of a third language."""
    roll = world.rng.random()
    own = world.people.language[author]
    other = "zh" if own == "en" else "en"
    kind = own if roll < 0.8 else "mixed" if roll < 0.9 else other if roll < 0.96 else "other"
    return world.rng.choice(world.pools[kind])
