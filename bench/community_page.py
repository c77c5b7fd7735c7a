"""The community page on a large forum, and the worker's refresh of the counts behind it.

Builds (once per database, with bulk_create) 10,000 members from 12 regions who joined over
the past year, 200,000 posts in English and Chinese over that year (a few in other or unknown
languages; 2,000 of them introductions and 6,000 welcomes), and 4,000 one-to-one
conversations. Then times a full rebuild of the counts and the refresh of the recent window
the worker runs, and 30 requests of /community/ in each language through Django's test
client (median, p95, SQL queries, page size). Run against a database of its own:

    DATA_DIR=/tmp/bench-community .venv/bin/python manage.py migrate -v0
    DATA_DIR=/tmp/bench-community STATIC_ROOT=/tmp/bench-community/static \
      .venv/bin/python manage.py collectstatic --noinput -v0
    DATA_DIR=/tmp/bench-community STATIC_ROOT=/tmp/bench-community/static LOG_LEVEL=WARNING \
      .venv/bin/python bench/community_page.py

and on PostgreSQL (127.0.0.1, user postgres) with its own database:

    psql -h 127.0.0.1 -U postgres -c 'CREATE DATABASE halfway_bench_community'
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/halfway_bench_community
    DATA_DIR=/tmp/bench-community-pg .venv/bin/python manage.py migrate -v0
    DATA_DIR=/tmp/bench-community-pg STATIC_ROOT=/tmp/bench-community/static LOG_LEVEL=WARNING \
      .venv/bin/python bench/community_page.py
"""

import os
import random
import statistics
import sys
import time
import uuid
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "halfway.settings.base")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")  # Django's test client

import django

django.setup()

from django.core.cache import cache  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.models import Member  # noqa: E402
from chat.models import Conversation, Message, Participant  # noqa: E402
from community import services  # noqa: E402
from forum.models import Category, Introduction, Post, Thread, Welcome  # noqa: E402

MEMBERS = 10_000
POSTS = 200_000
INTRODUCTIONS = 2_000
WELCOMES_EACH = 3
CONVERSATIONS = 4_000
POSTS_PER_THREAD = 10
DAYS = 365
RUNS = 30
BATCH = 2_000
# Where members sign in from, weighted; "ZZ" is an unknown place.
REGIONS = {
    "CN": 30, "US": 24, "GB": 7, "CA": 6, "AU": 5, "DE": 4,
    "BR": 4, "MX": 3, "HK": 5, "SG": 4, "MY": 4, "ZZ": 4,
}  # fmt: skip
ENGLISH = "My cat and I tried dumplings at the night market this weekend."
CHINESE = "这个周末我和我家的猫咪去夜市吃了饺子，很好吃。"


@contextmanager
def timestamps_as_given(*models):
    """Let bulk_create keep the past dates it is given (auto_now_add would write now)."""
    fields = [
        field
        for model in models
        for field in model._meta.concrete_fields
        if getattr(field, "auto_now_add", False)
    ]
    for field in fields:
        field.auto_now_add = False
    try:
        yield
    finally:
        for field in fields:
            field.auto_now_add = True


def build(rng: random.Random) -> None:
    now = timezone.now()
    regions, weights = list(REGIONS), list(REGIONS.values())

    def day_in_year():
        # Half joined in the first weeks of the migration, a year ago; the rest since.
        if rng.random() < 0.5:
            return now - timedelta(days=DAYS - rng.random() * 30, seconds=rng.random() * 86400)
        return now - timedelta(days=rng.random() * (DAYS - 1), seconds=rng.random() * 3600)

    Member.objects.bulk_create(
        (
            Member(
                username=f"community_bench_{number}",
                password="!",  # unusable
                region_code=rng.choices(regions, weights)[0],
                preferred_language=rng.choice(["en", "zh-hans"]),
                date_joined=day_in_year(),
            )
            for number in range(MEMBERS)
        ),
        batch_size=BATCH,
    )
    people = list(Member.objects.filter(username__startswith="community_bench_"))
    categories = list(Category.objects.filter(is_introductions=False))
    introductions = Category.objects.get(is_introductions=True)

    def language():
        roll = rng.random()
        return "en" if roll < 0.48 else "zh" if roll < 0.95 else "ja" if roll < 0.97 else ""

    def post(thread, number, author, at, lang):
        body = CHINESE if lang == "zh" else ENGLISH
        return Post(
            thread=thread,
            author=author,
            number=number,
            body=body,
            body_html=f"<p>{body}</p>",
            language=lang,
            region_code=author.region_code or "ZZ",
            created_at=at,
        )

    with timestamps_as_given(Thread, Post, Introduction, Welcome, Conversation, Message):
        # Threads of ten posts each, started over the year.
        plain = POSTS - INTRODUCTIONS * (1 + WELCOMES_EACH)
        thread_count = plain // POSTS_PER_THREAD
        per_batch = BATCH // POSTS_PER_THREAD
        for start in range(0, thread_count, per_batch):
            with transaction.atomic():
                count = min(per_batch, thread_count - start)
                starts = [now - timedelta(days=rng.random() * DAYS) for _ in range(count)]
                threads = Thread.objects.bulk_create(
                    Thread(
                        category=rng.choice(categories),
                        author=rng.choice(people),
                        title=f"Community bench thread {start + index}",
                        created_at=at,
                        last_posted_at=at,
                        language=rng.choice(["en", "zh"]),
                    )
                    for index, at in enumerate(starts)
                )
                Post.objects.bulk_create(
                    post(
                        thread,
                        number,
                        rng.choice(people),
                        min(at + timedelta(hours=number * rng.random() * 12), now),
                        language(),
                    )
                    for thread, at in zip(threads, starts, strict=True)
                    for number in range(1, POSTS_PER_THREAD + 1)
                )
        # Introductions, each welcomed by three members in the days after.
        newcomers = rng.sample(people, INTRODUCTIONS)
        with transaction.atomic():
            threads = Thread.objects.bulk_create(
                Thread(
                    category=introductions,
                    author=newcomer,
                    title=f"Hello from {newcomer.username}",
                    created_at=newcomer.date_joined,
                    last_posted_at=newcomer.date_joined,
                )
                for newcomer in newcomers
            )
            openings = Post.objects.bulk_create(
                post(thread, 1, thread.author, thread.created_at, language()) for thread in threads
            )
            intros = Introduction.objects.bulk_create(
                Introduction(
                    member=thread.author,
                    thread=thread,
                    who_i_am=opening.body,
                    where_from="Somewhere",
                    created_at=thread.created_at,
                )
                for thread, opening in zip(threads, openings, strict=True)
            )
            welcomes = []
            for intro, thread in zip(intros, threads, strict=True):
                welcomers = [m for m in rng.sample(people, WELCOMES_EACH + 1) if m != intro.member]
                for number, welcomer in enumerate(welcomers[:WELCOMES_EACH], start=2):
                    at = min(thread.created_at + timedelta(hours=rng.random() * 72), now)
                    welcomes.append((intro, welcomer, post(thread, number, welcomer, at, "en")))
            Post.objects.bulk_create([reply for _i, _w, reply in welcomes], batch_size=BATCH)
            Welcome.objects.bulk_create(
                (
                    Welcome(
                        introduction=intro, member=welcomer, post=reply, created_at=reply.created_at
                    )
                    for intro, welcomer, reply in welcomes
                ),
                batch_size=BATCH,
            )
        # One-to-one conversations, each with a first message.
        pairs = {}
        while len(pairs) < CONVERSATIONS:
            first, second = rng.sample(people, 2)
            pairs[Conversation.key_for(first.pk, second.pk)] = (first, second)
        by_id = {member.pk: member for member in people}
        with transaction.atomic():
            conversations = Conversation.objects.bulk_create(
                (
                    Conversation(
                        kind=Conversation.Kind.DIRECT,
                        created_by=first,
                        direct_key=key,
                        created_at=now - timedelta(days=rng.random() * DAYS),
                    )
                    for key, (first, second) in pairs.items()
                ),
                batch_size=BATCH,
            )
            Participant.objects.bulk_create(
                (
                    Participant(conversation=conversation, member=member)
                    for conversation, pair in zip(conversations, pairs.values(), strict=True)
                    for member in pair
                ),
                batch_size=BATCH,
            )
            Message.objects.bulk_create(
                (
                    Message(
                        conversation=conversation,
                        author=by_id[conversation.created_by_id],
                        body=ENGLISH,
                        body_html=f"<p>{ENGLISH}</p>",
                        language="en",
                        client_id=uuid.UUID(int=rng.getrandbits(128)),
                        created_at=conversation.created_at + timedelta(minutes=1),
                    )
                    for conversation in conversations
                ),
                batch_size=BATCH,
            )


def timed(client: Client, language: str) -> tuple[float, float, int, int]:
    headers = {"HTTP_ACCEPT_LANGUAGE": language}
    client.get("/community/", **headers)  # warm caches (and take the refresh key)
    durations = []
    for _ in range(RUNS):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get("/community/", **headers)
            durations.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.status_code
        assert response.content.count(b'<svg class="chart"') == 4
    durations.sort()
    median, p95 = statistics.median(durations), durations[int(RUNS * 0.95)]
    return median, p95, len(queries), len(response.content)


def main() -> None:
    rng = random.Random(2025)
    if not Member.objects.filter(username="community_bench_0").exists():
        started = time.perf_counter()
        build(rng)
        print(f"built the dataset in {time.perf_counter() - started:.0f} s")
    if connection.vendor == "postgresql":
        # What autovacuum does minutes after a bulk load; without it the planner guesses.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print(
        f"database: {connection.vendor}; members: {Member.objects.count():,}; "
        f"posts: {Post.objects.count():,}; welcomes: {Welcome.objects.count():,}; "
        f"conversations: {Conversation.objects.count():,}"
    )
    recent = services.RECENT_DAYS
    for label, days in [("full rebuild", None), (f"recent {recent} days", recent)]:
        runs = []
        for _ in range(3):
            started = time.perf_counter()
            services.refresh_aggregates(days=days)
            runs.append((time.perf_counter() - started) * 1000)
        print(f"refresh, {label:<16} " + "  ".join(f"{run:7.0f} ms" for run in runs))
    cache.delete(services.REFRESH_KEY)
    client = Client()
    for language in ["en", "zh-hans"]:
        median, p95, queries, size = timed(client, language)
        print(
            f"/community/ ({language:<7}) median {median:6.1f} ms  p95 {p95:6.1f} ms  "
            f"{queries} queries  {size / 1024:.0f} KiB"
        )


if __name__ == "__main__":
    main()
