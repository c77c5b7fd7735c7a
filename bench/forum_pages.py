"""Thread-page render time at 20 and 500 replies, and search time over 10,000 posts.

Run against an empty, migrated database of its own (it writes members, threads and posts):

    DATA_DIR=/tmp/bench-sqlite python manage.py migrate -v0
    DATA_DIR=/tmp/bench-sqlite python bench/forum_pages.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/halfway_bench python bench/forum_pages.py

Prints the median and p95 of 30 requests through Django's test client (no network), and the
number of SQL queries each request ran.
"""

import os
import random
import statistics
import sys
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "halfway.settings.base")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")  # Django's test client
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from accounts.models import Member  # noqa: E402
from forum import search, services  # noqa: E402
from forum.models import Category, Post, Thread  # noqa: E402

ENGLISH = ["cat", "fridge", "tea", "dumplings", "weekend", "market", "recipe", "dog", "music"]
CHINESE = ["猫咪", "冰箱", "喝茶", "饺子", "周末", "市场", "菜谱", "小狗", "音乐"]
RUNS = 30


def members(count: int) -> list[Member]:
    existing = list(Member.objects.filter(username__startswith="bench"))
    for number in range(len(existing), count):
        existing.append(Member.objects.create_user(f"bench{number}", password="x"))
    return existing


def thread_with_replies(title: str, replies: int, people: list[Member]) -> Thread:
    thread = services.start_thread(
        author=people[0],
        category=Category.objects.get(slug="daily-life"),
        title=title,
        body="Opening **post**",
        region_code="US",
    )
    for number in range(replies):
        services.add_reply(
            author=people[1 + number % (len(people) - 1)],
            thread=thread,
            body=f"Reply {number}: my cat and 我家的猫咪 say hello",
            region_code=random.choice(["US", "CN", "GB", "BR"]),
        )
    return thread


def bulk_posts(count: int, people: list[Member]) -> None:
    """Posts in bulk for the search index (bypassing services: only their text matters)."""
    category = Category.objects.get(slug="food")
    rng = random.Random(7)
    for batch_start in range(0, count, 500):
        threads = Thread.objects.bulk_create(
            Thread(
                category=category,
                author=rng.choice(people),
                title=f"Bench thread {batch_start + index}",
                last_posted_at=django.utils.timezone.now(),
            )
            for index in range(50)
        )
        posts = []
        for index in range(500):
            words = rng.sample(ENGLISH, 3) if index % 2 else rng.sample(CHINESE, 3)
            body = " ".join(words) + (" and more words" if index % 2 else "，还有别的话")
            posts.append(
                Post(
                    thread=threads[index % 50],
                    author=rng.choice(people),
                    number=1 + index // 50,
                    body=body,
                    body_html=f"<p>{body}</p>",
                    search_document=search.search_document("", body),
                    region_code="US",
                )
            )
        Post.objects.bulk_create(posts)


def timed(client: Client, url: str, params=None) -> tuple[float, float, int]:
    client.get(url, params)  # warm caches
    durations = []
    for _ in range(RUNS):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(url, params)
            durations.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.status_code
    durations.sort()
    return statistics.median(durations), durations[int(RUNS * 0.95)], len(queries)


def main() -> None:
    people = members(20)
    short = thread_with_replies("Bench short thread", 20, people)
    long = thread_with_replies("Bench long thread", 500, people)
    bulk_posts(10_000 - Post.objects.count(), people)
    if connection.vendor == "postgresql":
        # What autovacuum does minutes after a bulk load; without it the planner guesses.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print(f"database: {connection.vendor}; posts: {Post.objects.count()}")
    client = Client()
    client.force_login(people[-1])
    rows = [
        ("thread, 20 replies", short.get_absolute_url(), None),
        ("thread, 500 replies, page 13", long.get_absolute_url(), {"page": 13}),
        ("search 猫咪", "/search/", {"q": "猫咪"}),
        ("search dumplings", "/search/", {"q": "dumplings"}),
        ("search 饺子 周末 (two words)", "/search/", {"q": "饺子 周末"}),
    ]
    for label, url, params in rows:
        median, p95, queries = timed(client, url, params)
        print(f"{label:<32} median {median:6.1f} ms  p95 {p95:6.1f} ms  {queries} queries")


if __name__ == "__main__":
    main()
