"""Time the review queue page at 20 and 400 open cases (the page shows 20; the SQL should not
grow with the queue). Run against a fresh migrated SQLite database:

    DATA_DIR=/tmp/bench-queue .venv/bin/python manage.py migrate -v0
    .venv/bin/python manage.py collectstatic --noinput -v0
    DATA_DIR=/tmp/bench-queue LOG_LEVEL=WARNING .venv/bin/python bench/moderation_queue.py
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "halfway.settings.base")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")  # Django's test client

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from accounts.models import Member  # noqa: E402
from forum import services as forum_services  # noqa: E402
from forum.models import Category  # noqa: E402
from moderation import services  # noqa: E402
from moderation.content_rules import limits_lifted  # noqa: E402
from moderation.models import Case  # noqa: E402
from moderation.services import Target  # noqa: E402

RUNS = 30
settings.MODERATION_REPORT_RATE_LIMIT = (1_000_000, 60)  # the bench measures the page


def member(name: str, **fields) -> Member:
    found, _created = Member.objects.get_or_create(username=name, defaults=fields)
    return found


def grow_queue_to(total: int) -> None:
    category = Category.objects.get(slug="daily-life")
    reporters = [member(f"bench_reporter_{i}") for i in range(3)]
    with limits_lifted():
        while Case.objects.filter(status="open").count() < total:
            index = Case.objects.count()
            author = member(f"bench_author_{index}")
            thread = forum_services.start_thread(
                author=author,
                category=category,
                title=f"Thread {index}",
                body="你们这里的人都是笨蛋。" if index % 2 else "You are all idiots here.",
                region_code="US",
            )
            for reporter in reporters[: 1 + index % 3]:
                services.file_report(
                    reporter=reporter,
                    target=Target.of_post(thread.posts.get()),
                    reason="harassment",
                    note="请看一下" if index % 2 else "Please look",
                )


def measure(client: Client) -> tuple[float, float, int]:
    client.get("/moderation/")
    timings = []
    for _ in range(RUNS):
        started = time.perf_counter()
        response = client.get("/moderation/")
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    with CaptureQueriesContext(connection) as queries:
        client.get("/moderation/")
    timings.sort()
    return statistics.median(timings), timings[int(len(timings) * 0.95) - 1], len(queries)


def main() -> None:
    moderator = member("bench_moderator", is_staff=True)
    client = Client()
    client.force_login(moderator)
    print("| open cases | p50 | p95 | SQL queries |")
    print("|---|---|---|---|")
    for total in (20, 400):
        grow_queue_to(total)
        p50, p95, queries = measure(client)
        print(f"| {total} | {p50:.1f} ms | {p95:.1f} ms | {queries} |")


if __name__ == "__main__":
    main()
