"""The community page on a large forum, and the worker's refresh of the counts behind it.

Builds the benchmark dataset once per database with demo/dataset/ (the generator behind
`manage.py generate_dataset`, default sizes): 10,000 members from 12 regions who joined over
the past year, half of them in its first month; 20,000 threads and 200,000 posts over that
year in English, Chinese, both, and a little of other languages, with about 1,900
introductions and 5,000 welcomes among them; 100,000 messages in some 4,000 one-to-one
conversations and ten groups. Then times a full rebuild of the counts and the refresh of the
recent window the worker runs, and 30 requests of /community/ in each language through
Django's test client (median, p95, SQL queries, page size). Run against a database of its own:

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

A database already filled by `manage.py generate_dataset` is used as it is.
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

from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from accounts.models import Member  # noqa: E402
from chat.models import Conversation  # noqa: E402
from community import services  # noqa: E402
from demo import dataset  # noqa: E402
from forum.models import Post, Welcome  # noqa: E402

RUNS = 30


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
    if not Post.objects.exists():
        started = time.perf_counter()
        # The generator runs ANALYZE on PostgreSQL once it has loaded the rows.
        dataset.generate(dataset.Sizes(), seed=2025)
        print(f"built the dataset in {time.perf_counter() - started:.0f} s")
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
