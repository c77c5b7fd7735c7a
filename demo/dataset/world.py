"""What every phase shares: the members and rendered bodies planned in memory, the clock."""

import bisect
import random
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Body:
    """A rendered text, as the services would store it."""

    text: str
    html: str
    language: str
    is_mixed: bool
    document: str  # search document without a title
    mentions: tuple[int, ...] = ()  # member indexes


@dataclass
class People:
    """The members, in the order they joined (index i is member_{i+1})."""

    pks: list[int]
    joined: list[float]  # timestamps, ascending
    language: list[str]  # "en" or "zh": what they read and mostly write
    region: list[str]  # the region tag of their posts ("ZZ" when unknown)
    activity: list[float]  # how much they write, relative
    usernames: list[str]
    names: list[str]


@dataclass
class World:
    """What every phase shares: the random source, the clock, the members."""

    rng: random.Random
    now: float
    people: People
    bodies: list[Body] = field(default_factory=list)
    pools: dict[str, list[int]] = field(default_factory=dict)  # kind → body indexes

    def pick(self, before: float, language: str | None = None) -> int:
        """A member who had joined by `before`, the more active more often; of `language`
        when one of a few tries finds one."""
        joined = bisect.bisect_right(self.people.joined, before) or 1
        rng, activity = self.rng, self.people.activity
        for _attempt in range(3):
            first, second = rng.randrange(joined), rng.randrange(joined)
            chosen = first if activity[first] >= activity[second] else second
            if language is None or self.people.language[chosen] == language:
                break
        return chosen

    def distinct(self, count: int, before: float, exclude: int) -> list[int]:
        """Up to `count` different members who joined by `before`, never `exclude`."""
        chosen: dict[int, None] = {}
        for _attempt in range(count * 4):
            if len(chosen) == count:
                break
            index = self.pick(before)
            if index != exclude:
                chosen[index] = None
        return list(chosen)
