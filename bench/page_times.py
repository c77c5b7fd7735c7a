"""Server time of each page `make bench` loads, in one process through Django's test client
(no network, no server): the median of --runs requests after --warmup, per page, signed out
and signed in, with the SQL queries of one request; --profile PAGE prints a pyinstrument
profile of that page instead (needs `pip install pyinstrument`).

Run it on the databases `make bench` made (or any database with the dataset):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/halfway_bench_http_large \\
      REDIS_URL=redis://127.0.0.1:6379/7 DATA_DIR=/tmp/page-times \\
      STATIC_ROOT=var/bench-http/static LOG_LEVEL=ERROR \\
      .venv/bin/python bench/page_times.py
    DATA_DIR=/tmp/dataset-sqlite STATIC_ROOT=var/bench-http/static LOG_LEVEL=ERROR \\
      .venv/bin/python bench/page_times.py --profile thread --auth member

Comparing two versions of the code: run it from each checkout in turn on the same database.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.http_settings")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--pages", default="home,thread,introductions,profile,search")
    parser.add_argument("--auths", default="anonymous,member")
    parser.add_argument("--profile", help="a page to profile with pyinstrument")
    parser.add_argument("--auth", default="member", help="who the profiled page is for")
    args = parser.parse_args()

    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from bench.http_load import django_prepare

    # The first URL of each page `make bench` rotates through, and its first member.
    found = django_prepare({"members": 1})
    urls = {page: each[0] for page, each in found["urls"].items()}
    clients = {"anonymous": Client(HTTP_HOST="127.0.0.1")}
    clients["member"] = Client(HTTP_HOST="127.0.0.1")
    name, value = found["cookies"][0].split("=", 1)
    clients["member"].cookies[name] = value

    if args.profile:
        from pyinstrument import Profiler

        client, url = clients[args.auth], urls[args.profile]
        for _ in range(args.warmup):
            client.get(url)
        profiler = Profiler(interval=0.0005)
        with profiler:
            for _ in range(args.runs):
                client.get(url)
        print(profiler.output_text(unicode=True, color=False, show_all=False))
        return

    print(f"{connection.vendor}, {args.runs} requests after {args.warmup}: median (fastest)")
    for page in args.pages.split(","):
        for auth in args.auths.split(","):
            client, url = clients[auth], urls[page]
            for _ in range(args.warmup):
                answer = client.get(url)
                assert answer.status_code == 200, (url, answer.status_code)
            with CaptureQueriesContext(connection) as queries:
                answer = client.get(url)
            query_count = len(queries)  # now: the next request empties the log
            times = []
            for _ in range(args.runs):
                started = time.perf_counter()
                client.get(url)
                times.append(time.perf_counter() - started)
            print(
                f"{page:14} {auth:9} {statistics.median(times) * 1000:7.1f} ms (fastest"
                f" {min(times) * 1000:5.1f})"
                f"  {query_count:3} queries  {len(answer.content) // 1024:4} KiB",
                flush=True,
            )


if __name__ == "__main__":
    main()
