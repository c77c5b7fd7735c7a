"""What each middleware costs per request, signed out and signed in, through Django's own WSGI
handler in this process (no HTTP server, no network: only Django's part of a request).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/halfway_mw \\
    REDIS_URL=redis://127.0.0.1:6379/10 \\
        .venv/bin/python bench/middleware_cost.py --requests 3000

Each middleware in settings.MIDDLEWARE is wrapped in a timer, and so are the parts that run
lazily wherever a request first touches them (loading the session, finding the member, saving
the session) and the view. Times are exclusive: a middleware's figure is its own work, not that
of the middleware inside it. A figure is the median over the requests, in microseconds. The
page is /bench/ceiling/<size>/ (bench/http_urls.py), a page of that size from memory.

Signed in, it also counts the SQL queries and Redis round trips of one request.
Uses bench/http_settings.py (the site's base settings, DEBUG off); the database is migrated
and given one member when it has none.
"""

import argparse
import os
import statistics
import sys
import time
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# --root another checkout (the code before a change) runs its code with this script.
if "--root" in sys.argv:
    ROOT = Path(sys.argv[sys.argv.index("--root") + 1]).resolve()
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.http_settings")

USERNAME = "bench-middleware"
PASSWORD = "halfway-bench"  # noqa: S105  (benchmark data only)

# Exclusive time per section for the current request: name → seconds.
_sections: dict[str, float] = {}
# Open sections: [name, started, time spent in sections inside it].
_stack: list[list] = []


def _enter(name: str) -> None:
    _stack.append([name, time.perf_counter(), 0.0])


def _leave() -> None:
    name, started, inner = _stack.pop()
    elapsed = time.perf_counter() - started
    _sections[name] = _sections.get(name, 0.0) + elapsed - inner
    if _stack:
        _stack[-1][2] += elapsed


def _timed(name: str, function):
    def wrapper(*args, **kwargs):
        _enter(name)
        try:
            return function(*args, **kwargs)
        finally:
            _leave()

    return wrapper


def _short(path: str) -> str:
    return path.rsplit(".", 1)[-1]


class _Timer:
    """Wraps one middleware: its __call__ and its process_view hook, each timed."""

    sync_capable = True
    async_capable = False
    path = ""

    def __init__(self, get_response):
        from django.utils.module_loading import import_string

        self.inner = import_string(self.path)(get_response)
        name = _short(self.path)
        self.call = _timed(name, self.inner)
        for hook in ("process_view", "process_template_response", "process_exception"):
            if hasattr(self.inner, hook):
                setattr(self, hook, _timed(name, getattr(self.inner, hook)))

    def __call__(self, request):
        return self.call(request)


def _wrap_middleware(paths: list[str]) -> list[str]:
    wrapped = []
    for index, path in enumerate(paths):
        timer = type(f"Timer{index}", (_Timer,), {"path": path})
        globals()[timer.__name__] = timer
        wrapped.append(f"{__name__}.{timer.__name__}")
    return wrapped


def _wrap_lazy_parts() -> None:
    """Time the work that runs wherever a request first needs it."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib import auth
    from django.core import signals
    from django.core.handlers import base

    store = import_module(settings.SESSION_ENGINE).SessionStore
    store.load = _timed("(session load)", store.load)
    store.save = _timed("(session save)", store.save)
    auth.get_user = _timed("(member lookup)", auth.get_user)
    original = base.BaseHandler._get_response

    def get_response(self, request):
        return original(self, request)

    base.BaseHandler._get_response = _timed("(resolve, view)", get_response)
    for name, signal in (
        ("started", signals.request_started),
        ("finished", signals.request_finished),
    ):
        signal.send = _timed(f"(request_{name} signal)", signal.send)


class _Counter:
    queries = 0
    redis = 0


def _count_round_trips() -> None:
    from django.db import connection
    from redis.connection import AbstractConnection

    def count_query(execute, sql, params, many, context):
        _Counter.queries += 1
        return execute(sql, params, many, context)

    connection.execute_wrappers.append(count_query)
    send = AbstractConnection.send_packed_command

    def counted_send(self, command, check_health=True):
        _Counter.redis += 1
        return send(self, command, check_health)

    AbstractConnection.send_packed_command = counted_send


# Readers come from many addresses (the region lookup costs more for a new one): public IPv4
# addresses, the same on every run.
_ADDRESSES = [f"81.{(n * 37) % 256}.{(n * 91) % 256}.{1 + n % 250}" for n in range(1000)]
_next_address = iter(_ADDRESSES * 10_000)


def _environ(path: str, cookie: str) -> dict:
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8000",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": next(_next_address),
        "HTTP_HOST": "127.0.0.1:8000",
        "HTTP_ACCEPT_LANGUAGE": "en-GB,en;q=0.9",
        "wsgi.url_scheme": "http",
        "wsgi.input": BytesIO(b""),
        "wsgi.errors": sys.stderr,
        "wsgi.version": (1, 0),
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }
    if cookie:
        environ["HTTP_COOKIE"] = cookie
    return environ


def _request(application, path: str, cookie: str) -> tuple[str, float]:
    status_line = []

    def start_response(status, headers, exc_info=None):
        status_line.append(status)

    _sections.clear()
    started = time.perf_counter()
    response = application(_environ(path, cookie), start_response)
    b"".join(response)
    response.close()
    seconds = time.perf_counter() - started
    _sections["(rest: WSGI handler)"] = seconds - sum(_sections.values())
    return status_line[0], seconds


def _signed_in_cookie() -> str:
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    if "django_session" not in connection.introspection.table_names():
        call_command("migrate", verbosity=0)
    member_model = get_user_model()
    member = member_model.objects.filter(username=USERNAME).first()
    if member is None:
        member = member_model.objects.create_user(
            USERNAME, email="bench-middleware@example.com", password=PASSWORD
        )
    client = Client()
    client.force_login(member, backend=_backend())
    # A CSRF cookie as a browser that has seen a form holds one.
    return f"sessionid={client.cookies['sessionid'].value}; csrftoken={'c' * 32}"


def _backend() -> str:
    """The backend a sign-in records: allauth's adapter picks the first of its own kind."""
    from allauth.account.auth_backends import AuthenticationBackend
    from django.conf import settings
    from django.utils.module_loading import import_string

    listed = settings.AUTHENTICATION_BACKENDS
    return next(
        (path for path in listed if issubclass(import_string(path), AuthenticationBackend)),
        listed[0],
    )


def _measure(application, path: str, cookie: str, requests: int) -> dict:
    for _ in range(min(200, requests)):
        _request(application, path, cookie)
    totals: list[float] = []
    per_section: dict[str, list[float]] = {}
    for _ in range(requests):
        status, seconds = _request(application, path, cookie)
        if not status.startswith("200"):
            raise SystemExit(f"{path} answered {status}")
        totals.append(seconds)
        for name, spent in _sections.items():
            per_section.setdefault(name, []).append(spent)
    return {
        "total": statistics.median(totals) * 1e6,
        "sections": {
            name: statistics.median(values + [0.0] * (requests - len(values))) * 1e6
            for name, values in per_section.items()
        },
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--size", type=int, default=36841, help="page size in bytes")
    parser.add_argument(
        "--rounds", type=int, default=3, help="each figure is the least of the rounds' medians"
    )
    parser.add_argument("--root", default=str(ROOT), help="the checkout whose code is measured")
    parser.add_argument(
        "--print-cookie", action="store_true", help="print a signed-in Cookie header and stop"
    )
    options = parser.parse_args()

    import django
    from django.conf import settings

    django.setup()
    # After setup: allauth's ready() looks for its own middleware by name.
    middleware = list(settings.MIDDLEWARE)
    settings.MIDDLEWARE = _wrap_middleware(middleware)
    _wrap_lazy_parts()

    from django.core.wsgi import get_wsgi_application
    from django.db import connection

    cookie = _signed_in_cookie()
    if options.print_cookie:  # for a load generator against a server running the same code
        print(cookie)
        return
    _count_round_trips()
    application = get_wsgi_application()
    path = f"/bench/ceiling/{options.size}/"

    _request(application, path, cookie)  # warm
    _Counter.queries = _Counter.redis = 0
    _request(application, path, cookie)
    queries, redis_trips = _Counter.queries, _Counter.redis

    results: dict[str, dict] = {}
    # On a shared machine other processes come and go: the least disturbed round counts.
    for _ in range(options.rounds):
        for auth, auth_cookie in (("signed out", ""), ("signed in", cookie)):
            found = _measure(application, path, auth_cookie, options.requests)
            best = results.setdefault(auth, {"total": found["total"], "sections": {}})
            best["total"] = min(best["total"], found["total"])
            for name, value in found["sections"].items():
                best["sections"][name] = min(best["sections"].get(name, value), value)
    names = [_short(path) for path in middleware] + [
        "(session load)",
        "(member lookup)",
        "(session save)",
        "(resolve, view)",
        "(request_started signal)",
        "(request_finished signal)",
        "(rest: WSGI handler)",
    ]
    print(f"database: {connection.vendor}; cache: {settings.CACHES['default']['BACKEND']}")
    print(f"session engine: {settings.SESSION_ENGINE}")
    print(f"code: {ROOT}")
    print(
        f"{options.rounds} rounds of {options.requests} requests of {path}; "
        "µs per request (least of the rounds' medians)\n"
    )
    print("| middleware | signed out | signed in |")
    print("|---|---:|---:|")
    for name in names:
        cells = [results[auth]["sections"].get(name, 0.0) for auth in results]
        print(f"| {name} | " + " | ".join(f"{cell:.0f}" for cell in cells) + " |")
    totals = [results[auth]["total"] for auth in results]
    print("| **whole request** | " + " | ".join(f"**{cell:.0f}**" for cell in totals) + " |")
    print(f"\nsigned in, one request: {queries} SQL queries, {redis_trips} Redis round trips")


if __name__ == "__main__":
    main()
