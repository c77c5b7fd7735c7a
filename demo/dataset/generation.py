"""The entry point, `generate()`: a large, realistic bilingual community for benchmarks.

Members from twelve regions who joined over a year, introductions and their welcomes, threads
with replies in English, Chinese and both, reactions, follows, notifications, one-to-one and
group conversations. The services write one row at a time with their checks and events; here
the same rows are planned in memory and inserted in bulk, with every value the services keep in
step set as they would set it: post numbers, rendered and language-tagged bodies, search
documents, thread and conversation counters, read positions, the SQLite full-text index and the
community page's counts. Bodies come from a pool rendered once, so 200,000 posts do not pay
200,000 renders. Used by `manage.py generate_dataset` and bench/community_page.py only.
"""

import random
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.utils import timezone

from accounts.models import Member, MemberFollow
from chat.models import Conversation, Message
from community import services as community_services
from demo.dataset.bodies import add_body_pool
from demo.dataset.bulk import timestamps_as_given
from demo.dataset.chat import add_chat
from demo.dataset.members import USERNAME, add_members
from demo.dataset.reactions import add_reactions_follows_notifications
from demo.dataset.threads import add_forum
from demo.dataset.world import World
from forum.models import Introduction, Notification, Post, Reaction, Thread, ThreadFollow, Welcome

BODY_POOL = 4_000


class DatabaseNotEmpty(Exception):
    """The database already has content the dataset would mix with."""


@dataclass(frozen=True)
class Sizes:
    members: int = 10_000
    threads: int = 20_000
    posts: int = 200_000  # opening posts included
    messages: int = 100_000

    def check(self) -> None:
        if min(self.members, self.threads, self.posts, self.messages) < 0:
            raise ValueError("sizes cannot be negative")
        if self.members < 2 and (self.threads or self.messages):
            raise ValueError("threads and messages need at least 2 members")
        if self.posts < self.threads:
            raise ValueError("every thread has an opening post: posts must be at least threads")


@dataclass
class Summary:
    counts: dict[str, int] = field(default_factory=dict)
    phases: list[tuple[str, float]] = field(default_factory=list)


def generate(
    sizes: Sizes, *, seed: int = 2025, report: Callable[[str], None] = lambda line: None
) -> Summary:
    """Fill an empty database with a community of `sizes`; return counts and phase times.

    Everything is written in one transaction, so a failure leaves the database as it was.
    """
    sizes.check()
    check_empty()
    rng = random.Random(seed)  # noqa: S311  (reproducible benchmark data, not security)
    summary = Summary()

    @contextmanager
    def phase(name: str) -> Iterator[None]:
        report(f"{name} …")
        started = time.perf_counter()
        yield
        took = time.perf_counter() - started
        summary.phases.append((name, took))
        report(f"{name}: {took:.1f} s")

    with transaction.atomic(), timestamps_as_given():
        now = timezone.now().timestamp()
        with phase("members"):
            world = World(rng=rng, now=now, people=add_members(rng, now, sizes.members))
        with phase("bodies"):
            add_body_pool(world, min(BODY_POOL, max(200, sizes.posts // 10)))
        with phase("threads and posts"):
            forum = add_forum(world, sizes.threads, sizes.posts)
        with phase("reactions, follows, notifications"):
            add_reactions_follows_notifications(world, forum)
        with phase("chat"):
            add_chat(world, sizes.messages)
        with phase("community counts and search index"):
            community_services.refresh_aggregates(days=None)
            check_search_index()
    if connection.vendor == "postgresql":
        # What autovacuum does minutes after a bulk load: statistics, without which the
        # planner guesses, and the search index's pending entries merged (until then every
        # search reads them all: 8 ms for a word no post has, against 0.8 ms after).
        with phase("vacuum and analyze"), connection.cursor() as cursor:
            # VACUUM cannot run inside a transaction (a test's); ANALYZE can.
            cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE")
    summary.counts = count_rows()
    return summary


def check_empty() -> None:
    """Refuse a database that already has forum or chat content, or members of ours."""
    if Thread.objects.exists() or Post.objects.exists() or Conversation.objects.exists():
        raise DatabaseNotEmpty(
            "The database already has threads, posts or conversations; the dataset goes "
            "into an empty, migrated database of its own."
        )
    if Member.objects.filter(username__startswith=USERNAME.format("")).exists():
        raise DatabaseNotEmpty("The database already has members named like the dataset's.")


def count_rows() -> dict[str, int]:
    return {
        "members": Member.objects.count(),
        "introductions": Introduction.objects.count(),
        "welcomes": Welcome.objects.count(),
        "threads": Thread.objects.count(),
        "posts": Post.objects.count(),
        "reactions": Reaction.objects.count(),
        "thread follows": ThreadFollow.objects.count(),
        "member follows": MemberFollow.objects.count(),
        "notifications": Notification.objects.count(),
        "conversations": Conversation.objects.count(),
        "groups": Conversation.objects.filter(kind=Conversation.Kind.GROUP).count(),
        "messages": Message.objects.count(),
    }


def check_search_index() -> None:
    """On SQLite, make sure the full-text index holds every post: its insert trigger fires for
    bulk inserts too, but a database whose triggers were lost (see forum migration 0006)
    would search nothing. PostgreSQL's GIN index is kept by the database itself."""
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        # One row per indexed document (FTS5's own bookkeeping table).
        cursor.execute("SELECT count(*) FROM forum_post_fts_docsize")
        indexed = cursor.fetchone()[0]
        if indexed != Post.objects.count():
            cursor.execute("INSERT INTO forum_post_fts(forum_post_fts) VALUES ('rebuild')")
