"""The home feed's page query with and without narrowing to the days a page can reach
(forum/feed.py), in one process on the same data, alternating: 3 warm-up requests, then the
median of 15 requests of a signed-in member's home, narrowed, whole, narrowed again.

    DATA_DIR=/tmp/dataset-sqlite STATIC_ROOT=var/bench-http/static LOG_LEVEL=ERROR \\
      .venv/bin/python bench/home_feed_narrowing.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/halfway_bench_http_large DATA_DIR=/tmp/ab \\
      STATIC_ROOT=var/bench-http/static LOG_LEVEL=ERROR \\
      .venv/bin/python bench/home_feed_narrowing.py

(The database `make bench` made, or any with `manage.py generate_dataset`'s dataset.)
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.http_settings")

import django

django.setup()

from django.test import Client  # noqa: E402

from accounts.models import Member  # noqa: E402
from forum import feed  # noqa: E402


def median_ms(client: Client) -> float:
    for _ in range(3):
        client.get("/")
    times = []
    for _ in range(15):
        started = time.perf_counter()
        client.get("/")
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def main() -> None:
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(Member.objects.get(username="member_100"))
    narrowing = feed._days_reaching_page
    print(f"narrowed {median_ms(client):.1f} ms")
    feed._days_reaching_page = lambda threads, number: threads
    print(f"whole    {median_ms(client):.1f} ms")
    feed._days_reaching_page = narrowing
    print(f"narrowed {median_ms(client):.1f} ms")


if __name__ == "__main__":
    main()
