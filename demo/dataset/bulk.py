"""Bulk inserts, and the small helpers every phase uses: dates, shares, moments, draws."""

import random
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from itertools import islice

from django.db import models

from accounts.models import MemberFollow
from chat.models import Conversation, Message, Participant
from forum.models import Introduction, Notification, Post, Reaction, Thread, ThreadFollow, Welcome

DAY = 86_400.0
BATCH = 5_000  # rows built in memory per bulk insert (Django splits them further for SQLite)


@contextmanager
def timestamps_as_given() -> Iterator[None]:
    """Let bulk_create keep the past dates it is given (auto_now_add would write now).

    Changes the fields for the whole process while it lasts: for one-off loading only.
    """
    models_with_dates = [
        Thread, Post, Reaction, ThreadFollow, MemberFollow, Introduction, Notification,
        Welcome, Conversation, Participant, Message,
    ]  # fmt: skip
    fields = [
        each
        for model in models_with_dates
        for each in model._meta.concrete_fields
        if getattr(each, "auto_now_add", False)
    ]
    for each in fields:
        each.auto_now_add = False
    try:
        yield
    finally:
        for each in fields:
            each.auto_now_add = True


def chunks(rows: Iterable) -> Iterator[list]:
    """`rows` in lists of BATCH, built one at a time."""
    rows = iter(rows)
    while chunk := list(islice(rows, BATCH)):
        yield chunk


def insert(model: type[models.Model], rows: Iterable[models.Model]) -> list[models.Model]:
    """Bulk-insert `rows` in chunks; return them with their primary keys."""
    return [row for chunk in chunks(rows) for row in model.objects.bulk_create(chunk)]


def insert_all(model: type[models.Model], rows: Iterable[models.Model]) -> int:
    """Bulk-insert `rows` in chunks without keeping them; return how many."""
    return sum(len(model.objects.bulk_create(chunk)) for chunk in chunks(rows))


def at(moment: float) -> datetime:
    return datetime.fromtimestamp(moment, tz=UTC)


def spread(total: int, weights: Sequence[float]) -> list[int]:
    """Split `total` into whole parts in proportion to `weights` (largest remainders)."""
    if not weights or total <= 0:
        return [0] * len(weights)
    scale = total / sum(weights)
    exact = [weight * scale for weight in weights]
    parts = [int(value) for value in exact]
    order = sorted(range(len(exact)), key=lambda i: exact[i] - parts[i], reverse=True)
    for i in order[: total - sum(parts)]:
        parts[i] += 1
    return parts


def moments_after(
    rng: random.Random, start: float, count: int, gap: float, end: float
) -> list[float]:
    """`count` increasing moments after `start`, about `gap` seconds apart, squeezed to
    fall before `end` when they would run past it."""
    moments, moment = [], start
    for _ in range(count):
        moment += rng.expovariate(1 / gap) + 1
        moments.append(moment)
    if moments and moments[-1] > end:
        scale = max(end - start, 1.0) / (moments[-1] - start)
        moments = [start + (each - start) * scale for each in moments]
    return moments


def weighted(rng: random.Random, choices: dict[str, int]) -> str:
    return rng.choices(list(choices), list(choices.values()))[0]


def fill(rng: random.Random, template: str, words: dict[str, list[str]]) -> str:
    return template.format(**{slot: rng.choice(options) for slot, options in words.items()})
