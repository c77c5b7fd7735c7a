"""Where a page's time goes: cProfile over repeated views of one page, in this process, through
Django's WSGI handler with the full middleware stack (no server, no network).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/halfway_profile \\
      REDIS_URL=redis://127.0.0.1:6379/11 .venv/bin/python bench/page_profile.py --signed-in

The database is filled once with a small community (demo/dataset/) if it has no threads.
Prints the time and queries per view without the profiler, then under it the functions with
the most time of their own and in all; the views rotate over 200 members and 50 threads (or
the home feed, a category's page, or the notifications page), so the cache holds what a busy
site's would, warm after the first round. `--write-every N` writes a reply every N views, as
members do meanwhile.
"""

import argparse
import cProfile
import io
import itertools
import os
import pstats
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.bench_settings")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--signed-in", action="store_true")
    pages = ["thread", "home", "category", "notifications"]
    parser.add_argument("--page", choices=pages, default="thread")
    parser.add_argument(
        "--write-every",
        type=int,
        default=0,
        help="a reply (in an old thread, by the members in turn) every N views; 0: none",
    )
    parser.add_argument("--views", type=int, default=1000)
    parser.add_argument("--top", type=int, default=25)
    options = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.core.management import call_command
    from django.test import Client

    from accounts.models import Member
    from demo import dataset
    from forum.models import Thread

    call_command("migrate", verbosity=0)
    if not Thread.objects.exists():
        dataset.generate(dataset.Sizes(members=500, threads=500, posts=5000, messages=1000))
    members = list(Member.objects.order_by("pk")[:200])
    threads = [thread.get_absolute_url() for thread in Thread.objects.order_by("-pk")[:50]]
    from forum.models import Category

    urls = {
        "thread": threads,
        "home": ["/"],
        "category": [Category.objects.filter(is_introductions=False).first().get_absolute_url()],
        "notifications": ["/notifications/"],
    }[options.page]

    from importlib import import_module

    engine = import_module(settings.SESSION_ENGINE)
    clients = []
    for member in members if options.signed_in else [None]:
        client = Client()
        if member is not None:
            session = engine.SessionStore()
            session[SESSION_KEY] = str(member.pk)
            session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
            session[HASH_SESSION_KEY] = member.get_session_auth_hash()
            session.save()
            client.cookies[settings.SESSION_COOKIE_NAME] = session.session_key
        clients.append(client)

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from forum import services

    written_in = Thread.objects.order_by("pk").first()
    queries, writes = [0], itertools.count()

    def view(number: int) -> None:
        if options.write_every and number % options.write_every == 0:
            author = members[next(writes) % len(members)]  # each once in 200 writes
            services.add_reply(author=author, thread=written_in, body="A reply.", region_code="")
        with CaptureQueriesContext(connection) as captured:
            response = clients[number % len(clients)].get(urls[number % len(urls)])
        queries[0] += len(captured)
        assert response.status_code == 200, response.status_code

    for number in range(max(len(clients), len(urls))):  # warm: every member and page once
        view(number)
    unprofiled = time.perf_counter()
    queries[0] = 0
    for number in range(options.views):
        view(number)
    print(
        f"{options.page} page, {'signed in' if options.signed_in else 'signed out'}: "
        f"{(time.perf_counter() - unprofiled) / options.views * 1000:.2f} ms and "
        f"{queries[0] / options.views:.2f} queries per view without the profiler"
        + (f", a reply every {options.write_every} views" if options.write_every else "")
    )
    profile = cProfile.Profile()
    started = time.perf_counter()
    profile.enable()
    for number in range(options.views):
        view(number)
    profile.disable()
    elapsed = time.perf_counter() - started
    print(
        f"{options.page} page, {'signed in' if options.signed_in else 'signed out'}: "
        f"{elapsed / options.views * 1000:.2f} ms per view under the profiler "
        f"({options.views} views)"
    )
    for order in ("tottime", "cumulative"):
        out = io.StringIO()
        pstats.Stats(profile, stream=out).sort_stats(order).print_stats(options.top)
        print(out.getvalue())


if __name__ == "__main__":
    main()
