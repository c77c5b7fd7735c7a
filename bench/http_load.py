"""HTTP load on the real site with wrk: requests per second, latency and SQL queries per page;
each page's throughput as a fraction of a page of the same size served from memory by the
same server (the ceiling); one web process against two; the web processes' memory.

    make bench                                          # both modes, full dataset, 10 s a cell
    make bench BENCH_ARGS="--size small --duration 3"   # the same, quickly
    .venv/bin/python bench/http_load.py --modes embedded --size small --duration 2 \\
        --pages home,thread --clients 1,16 --no-scaling

Modes (--modes production,embedded):
- production: PostgreSQL (--database-url, default halfway_bench_http or _small on
  127.0.0.1:5432) and Redis (--redis-url, default db 7) for broker, channel layer and cache;
  uvicorn with --workers processes (default: twice the cores);
- embedded: SQLite under --data-dir, folder broker, SQLite channel layer, file cache; one
  uvicorn process (--embedded-workers), as `make run` starts it.

Both use bench/http_settings.py: halfway.settings.base with DEBUG off and one more URL, the
ceiling (not production.py, which redirects plain HTTP to HTTPS). The dataset is
`manage.py generate_dataset`, made only when the database has none; later runs reuse it.

For each page, anonymous and signed in, at each concurrency: wrk for --duration seconds on
the page, then on /bench/ceiling/<bytes>/ (an HTML page of the page's size, from memory,
through the same middleware, with the same cookies). Every URL is warmed up first. A
non-2xx answer or a socket error is reported with its cell and marks it suspicious; the
server's log is searched for errors. Queries per page come from Django's test client in a
process with the same settings and database (second request, per-request caches warm).

Writes http-results.json, http-tables.md and http-throughput.png under --out.
"""

import argparse
import contextlib
import json
import os
import platform
import re
import shlex
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote, urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SETTINGS = "bench.http_settings"
PASSWORD = "halfway-bench"  # noqa: S105  (halfway.dataset.PASSWORD, benchmark data only)
SIZES = {
    "small": {"members": 1_000, "threads": 2_000, "posts": 20_000, "messages": 10_000},
    "full": {"members": 10_000, "threads": 20_000, "posts": 200_000, "messages": 100_000},
}
MODES = {
    "production": "production-like (PostgreSQL, Redis)",
    "embedded": "embedded (SQLite, no Redis)",
}
PAGES = {
    "home": "home feed",
    "thread": "thread, 50+ replies",
    "introductions": "introductions",
    "profile": "profile",
    "search-en": "search, English",
    "search-zh": "search, Chinese",
}
AUTHS = ("anonymous", "member")
WRK_TIMEOUT = "30s"  # wrk's default 2 s would drop slow answers from the latencies
IDLE_WINDOW = 0.5  # seconds
IDLE_SHARE = 0.04  # of one core, in each window
# Variables the harness sets itself for each mode; anything else is passed on.
OWN_VARIABLES = (
    "DJANGO_SETTINGS_MODULE", "DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL", "DATA_DIR",
    "STATIC_ROOT", "MEDIA_ROOT", "DEBUG", "ALLOWED_HOSTS", "HTTPS", "LOG_LEVEL",
    "CHANNEL_LAYER_PREFIX", "EMAIL_URL",
)  # fmt: skip

LUA = r"""-- Written by bench/http_load.py for one wrk run.
local cookie = %(cookie)s
if cookie ~= "" then wrk.headers["Cookie"] = cookie end

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  other = 0  -- answers outside 200-299
  statuses = {}
  smallest = -1
  largest = 0
end

function response(status, headers, body)
  if status < 200 or status > 299 then
    other = other + 1
    statuses[status] = (statuses[status] or 0) + 1
  end
  local size = body and #body or 0
  if smallest < 0 or size < smallest then smallest = size end
  if size > largest then largest = size end
end

function done(summary, latency, requests)
  local other_all, smallest_all, largest_all, merged = 0, -1, 0, {}
  for _, thread in ipairs(threads) do
    other_all = other_all + thread:get("other")
    local small, large = thread:get("smallest"), thread:get("largest")
    if small >= 0 and (smallest_all < 0 or small < smallest_all) then smallest_all = small end
    if large > largest_all then largest_all = large end
    for code, count in pairs(thread:get("statuses")) do
      merged[code] = (merged[code] or 0) + count
    end
  end
  local codes = {}
  for code, count in pairs(merged) do
    codes[#codes + 1] = string.format('"%%d": %%.0f', code, count)
  end
  local e = summary.errors
  io.write(string.format(
    'HALFWAY_WRK {"requests": %%.0f, "duration_us": %%.0f, "bytes": %%.0f, ' ..
    '"connect_errors": %%.0f, "read_errors": %%.0f, "write_errors": %%.0f, ' ..
    '"status_errors": %%.0f, "timeouts": %%.0f, "non_2xx": %%.0f, "statuses": {%%s}, ' ..
    '"body_min": %%.0f, "body_max": %%.0f, "p50_us": %%.1f, "p95_us": %%.1f, ' ..
    '"p99_us": %%.1f, "mean_us": %%.1f, "max_us": %%.1f}\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write,
    e.status, e.timeout, other_all, table.concat(codes, ", "), smallest_all, largest_all,
    latency:percentile(50), latency:percentile(95), latency:percentile(99),
    latency.mean, latency.max))
end
"""


# --- inside Django (run as subprocesses with a mode's environment) -------------------------


def django_inspect(params: dict) -> dict:
    """Count the dataset; once there is one, pick what the pages show and check it."""
    import django

    django.setup()
    from django.contrib.auth.models import AnonymousUser
    from django.db import connection
    from django.db.models import Count

    from accounts.models import Member
    from forum import selectors
    from forum.models import Post, Thread

    counts = {
        "members": Member.objects.filter(username__startswith="member_").count(),
        "threads": Thread.objects.count(),
        "posts": Post.objects.count(),
    }
    found: dict = {"counts": counts, "vendor": connection.vendor}
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            found["database_version"] = "PostgreSQL " + cursor.fetchone()[0]
            cursor.execute("SHOW random_page_cost")
            found["random_page_cost"] = cursor.fetchone()[0]
    else:
        import sqlite3

        found["database_version"] = "SQLite " + sqlite3.sqlite_version
    if os.environ.get("REDIS_URL"):
        import redis

        found["redis_version"] = "Redis " + str(
            redis.Redis.from_url(os.environ["REDIS_URL"]).info("server")["redis_version"]
        )
    if not counts["members"]:
        return found

    if params["member"]:
        member = Member.objects.filter(username=params["member"]).first()
    else:
        # The first member from member_100 on who reads English, as anonymous visitors
        # (who send no Accept-Language) do: the pages differ in who reads, not in language.
        hundredth = Member.objects.filter(username="member_100").values_list("pk", flat=True)
        member = (
            Member.objects.filter(
                username__startswith="member_",
                pk__gte=hundredth.first() or 0,
                is_staff=False,
                is_active=True,
                preferred_language="en",
            )
            .order_by("pk")
            .first()
        )
    if member is None or member.is_staff or not member.is_active:
        raise SystemExit(
            f"no member to sign in as ({params['member'] or 'an English reader'}): it must be "
            "an active, non-staff member of the dataset"
        )
    found["member"] = {"username": member.username, "language": member.preferred_language}

    # The thread closest to 50 replies above it (the generator makes one of 50-150).
    thread = (
        Thread.objects.filter(
            reply_count__gte=50, deleted_at__isnull=True, category__is_introductions=False
        )
        .order_by("reply_count", "pk")
        .first()
    )
    if thread is None:
        raise SystemExit("no thread with 50 replies or more: is the dataset complete?")
    selectors.get_thread_for(AnonymousUser(), thread.pk)  # 404s if hidden from readers
    found["thread"] = {
        "id": thread.pk,
        "replies": thread.reply_count,
        "posts_on_page_1": min(thread.reply_count + 1, selectors.POSTS_PER_PAGE),
    }

    # Someone else's profile: the member who wrote the most.
    author = (
        Post.objects.filter(deleted_at__isnull=True, author__is_staff=False)
        .exclude(author=member)
        .values("author__username")
        .annotate(posts=Count("pk"))
        .order_by("-posts", "author__username")
        .first()
    )
    found["profile"] = {"username": author["author__username"], "posts": author["posts"]}

    found["search"] = {}
    for key, word in (("en", params["en_word"]), ("zh", params["zh_word"])):
        hits = selectors.search_results(AnonymousUser(), word, 1).paginator.count
        if not hits:
            raise SystemExit(f"searching {word!r} finds nothing; pick another word")
        found["search"][key] = {"word": word, "hits": hits}
    return found


def django_queries(params: dict) -> dict:
    """SQL queries of each URL for each cookie set, counted on the second of two requests."""
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    counted = {}
    for key, (url, cookies) in params["requests"].items():
        client = Client(HTTP_HOST="127.0.0.1")
        for name, value in cookies.items():
            client.cookies[name] = value
        client.get(url)  # per-request caches and the session warm
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        counted[key] = {
            "status": response.status_code,
            "bytes": len(response.content),
            "queries": len(captured),
            "sql": [query["sql"][:300] for query in captured.captured_queries],
        }
    return counted


# --- processes -----------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def run_django(env: dict, step: str, params: dict) -> dict:
    """Run a function above in a fresh process with the mode's environment."""
    done = subprocess.run(
        [sys.executable, __file__, step, json.dumps(params)],
        cwd=ROOT, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    if done.returncode:
        sys.stderr.write(done.stderr)
        raise SystemExit(f"{step} failed (exit {done.returncode})")
    return json.loads(done.stdout.strip().splitlines()[-1])


def manage(env: dict, *arguments: str) -> None:
    subprocess.run([sys.executable, "manage.py", *arguments], cwd=ROOT, env=env, check=True)


def descendants(pid: int) -> list[int]:
    """`pid` and every process below it, from /proc."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(parent, []).append(int(entry.name))
    found, queue = [], [pid]
    while queue:
        current = queue.pop()
        found.append(current)
        queue.extend(children.get(current, []))
    return found


def resident_kib(pid: int) -> int | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


class Server:
    """uvicorn serving the site with the mode's environment, on a free port."""

    def __init__(self, env: dict, workers: int, log_path: Path):
        self.env, self.workers, self.log_path = env, workers, log_path
        self.process: subprocess.Popen | None = None
        self.url = ""

    def command(self, port: int) -> list[str]:
        return [
            sys.executable, "-m", "uvicorn", "halfway.asgi:application",
            "--host", "127.0.0.1", "--port", str(port), "--workers", str(self.workers),
            "--no-access-log", "--log-level", "warning", "--no-proxy-headers",
        ]  # fmt: skip

    def start(self) -> None:
        port = free_port()
        self.url = f"http://127.0.0.1:{port}"
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        log = self.log_path.open("w")
        # A session of its own: stopped by the harness in order (and by group if need be),
        # not by the terminal's Ctrl-C in the middle of a measurement.
        self.process = subprocess.Popen(
            self.command(port), cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
        log.close()
        self.wait_healthy()

    def wait_healthy(self) -> None:
        import requests

        deadline = time.monotonic() + 90
        last = "no answer"
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"uvicorn stopped while starting; see {self.log_path}")
            try:
                answer = requests.get(self.url + "/healthz", timeout=5)
                if answer.status_code == 200:
                    return
                last = f"{answer.status_code} {answer.text[:200]}"
            except requests.RequestException as error:
                last = type(error).__name__
            time.sleep(0.2)
        raise SystemExit(f"{self.url}/healthz did not answer 200 in 90 s: {last}")

    def cpu_ticks(self) -> int:
        """CPU time (user and system, in clock ticks) used so far by uvicorn and its workers."""
        total = 0
        for pid in descendants(self.process.pid):
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            total += int(fields[11]) + int(fields[12])  # utime, stime
        return total

    def wait_idle(self, limit: float = 120.0) -> float:
        """Wait until the server has finished the requests of the last run; return how long.

        wrk stops counting at the end of its run, but the server goes on with the requests
        already in flight (a sync view cannot be cancelled when its client leaves): up to
        one per connection. Measured straight away, the next run would share the machine
        with them. Idle means two half-seconds in a row using under 4 % of a core. (A
        request waiting over a second on PostgreSQL would look idle; none of these pages
        waits that long.)"""
        idle_ticks = IDLE_SHARE * IDLE_WINDOW * os.sysconf("SC_CLK_TCK")
        started = time.monotonic()
        quiet, before = 0, self.cpu_ticks()
        while quiet < 2:
            time.sleep(IDLE_WINDOW)
            now = self.cpu_ticks()
            quiet = quiet + 1 if now - before <= idle_ticks else 0
            before = now
            if time.monotonic() - started > limit:
                raise SystemExit(f"the server stayed busy {limit:.0f} s after a run")
        return round(time.monotonic() - started, 2)

    def measure(self, path: str, cookie: str, clients: int, seconds: float, threads: int):
        """wrk on `path` once the server is idle."""
        drained = self.wait_idle()
        measured = run_wrk(self.url + path, cookie, clients, seconds, threads)
        measured["waited_for_idle_seconds"] = drained
        return measured

    def memory(self) -> dict:
        """Resident memory of the uvicorn process and its workers (VmRSS, summed)."""
        processes = []
        for pid in descendants(self.process.pid):
            kib, command = resident_kib(pid), b""
            with contextlib.suppress(OSError):
                command = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ")
            if kib is not None:
                processes.append({"pid": pid, "rss_kib": kib, "command": command.decode()[-90:]})
        return {
            "processes": len(processes),
            "rss_mib": round(sum(each["rss_kib"] for each in processes) / 1024, 1),
            "per_process_mib": [round(each["rss_kib"] / 1024, 1) for each in processes],
            "commands": [each["command"] for each in processes],
        }

    def errors_logged(self) -> list[str]:
        lines = self.log_path.read_text(errors="replace").splitlines()
        return [line for line in lines if re.search(r"ERROR|Traceback|CRITICAL", line)][:20]

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)  # the master stops its workers
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.process.pid, signal.SIGKILL)  # a worker left behind, if any


# --- wrk -----------------------------------------------------------------------------------


def run_wrk(url: str, cookie: str, clients: int, seconds: float, threads: int) -> dict:
    """One wrk run; its numbers as the Lua `done` function printed them, plus problems."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(LUA % {"cookie": json.dumps(cookie)})
    command = [
        "wrk", "-t", str(min(threads, clients)), "-c", str(clients), "-d", f"{seconds:g}s",
        "--timeout", WRK_TIMEOUT, "-s", script.name, url,
    ]  # fmt: skip
    try:
        done = subprocess.run(
            command, capture_output=True, text=True, timeout=seconds + 120, check=False
        )
    finally:
        os.unlink(script.name)
    lines = [line for line in done.stdout.splitlines() if line.startswith("HALFWAY_WRK ")]
    if done.returncode or not lines:
        raise SystemExit(f"wrk failed on {url}: {done.stdout}\n{done.stderr}")
    measured = json.loads(lines[-1].removeprefix("HALFWAY_WRK "))
    seconds_run = measured["duration_us"] / 1e6
    socket_errors = sum(
        measured[key] for key in ("connect_errors", "read_errors", "write_errors", "timeouts")
    )
    problems = []
    if measured["non_2xx"]:
        codes = ", ".join(f"{code}: {count}" for code, count in measured["statuses"].items())
        problems.append(f"{measured['non_2xx']} non-2xx ({codes})")
    if socket_errors:
        problems.append(
            "socket errors: connect {connect_errors}, read {read_errors}, write "
            "{write_errors}, timeout {timeouts}".format(**measured)
        )
    if not measured["requests"]:
        problems.append("no request completed")
    return {
        "requests": measured["requests"],
        "seconds": round(seconds_run, 3),
        "rps": round(measured["requests"] / seconds_run, 1) if seconds_run else 0.0,
        "p50_ms": round(measured["p50_us"] / 1000, 2),
        "p95_ms": round(measured["p95_us"] / 1000, 2),
        "p99_ms": round(measured["p99_us"] / 1000, 2),
        "mean_ms": round(measured["mean_us"] / 1000, 2),
        "max_ms": round(measured["max_us"] / 1000, 2),
        "non_2xx": measured["non_2xx"],
        "statuses": measured["statuses"],
        "socket_errors": socket_errors,
        "body_bytes_min": measured["body_min"],
        "body_bytes_max": measured["body_max"],
        "problems": problems,
        "wrk": shlex.join([*command[:-3], "<script>", url]),
    }


# --- one mode ------------------------------------------------------------------------------


def mode_env(mode: str, args, data_dir: Path) -> dict:
    env = {key: value for key, value in os.environ.items() if key not in OWN_VARIABLES}
    env.update(
        DJANGO_SETTINGS_MODULE=SETTINGS,
        DATA_DIR=str(data_dir),
        STATIC_ROOT=str(args.work_dir / "static"),
        LOG_LEVEL="WARNING",
        CHANNEL_LAYER_PREFIX=f"halfway-bench-http-{args.size}",
        PYTHONUNBUFFERED="1",
    )
    if mode == "production":
        env.update(DATABASE_URL=args.database_url, REDIS_URL=args.redis_url)
    return env


def check_services(args) -> None:
    """PostgreSQL and Redis answer, and the benchmark's database exists."""
    import psycopg
    import redis
    from psycopg import sql

    try:
        redis.Redis.from_url(args.redis_url, socket_timeout=5).ping()
    except redis.RedisError as error:
        raise SystemExit(f"Redis at {args.redis_url} does not answer: {error}") from None
    parts = urlsplit(args.database_url)
    name = parts.path.lstrip("/")
    server = parts._replace(path="/postgres").geturl()
    try:
        with psycopg.connect(server, autocommit=True, connect_timeout=5) as connection:
            exists = connection.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", [name]
            ).fetchone()
            if not exists:
                connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
                print(f"created database {name}", flush=True)
            # The planner setting docker-compose.yml gives the production server.
            if args.random_page_cost == "server":
                setting = sql.SQL("ALTER DATABASE {} RESET random_page_cost").format(
                    sql.Identifier(name)
                )
            else:
                setting = sql.SQL("ALTER DATABASE {} SET random_page_cost = {}").format(
                    sql.Identifier(name), sql.Literal(float(args.random_page_cost))
                )
            connection.execute(setting)
    except psycopg.Error as error:
        raise SystemExit(f"PostgreSQL at {server} does not answer: {error}") from None


def prepare_dataset(env: dict, args) -> dict:
    """Migrate; generate the dataset when the database has none; pick the pages' targets."""
    manage(env, "migrate", "--noinput", "-v0")
    params = {"member": args.member, "en_word": args.en_word, "zh_word": args.zh_word}
    found = run_django(env, "_inspect", params)
    wanted = SIZES[args.size]
    generated_seconds = None
    if not found["counts"]["members"]:
        print(f"generating the {args.size} dataset ({found['vendor']}) …", flush=True)
        started = time.monotonic()
        manage(env, "generate_dataset", *[f"--{key}={value}" for key, value in wanted.items()])
        generated_seconds = round(time.monotonic() - started, 1)
        found = run_django(env, "_inspect", params)
    counts = found["counts"]
    if (counts["members"], counts["threads"], counts["posts"]) != (
        wanted["members"],
        wanted["threads"],
        wanted["posts"],
    ):
        raise SystemExit(
            f"the database holds {counts} but --size {args.size} wants {wanted}: give another "
            "--data-dir or --database-url, or empty this one"
        )
    found["generated_seconds"] = generated_seconds
    return found


def page_urls(targets: dict) -> dict[str, str]:
    return {
        "home": "/",
        "thread": f"/t/{targets['thread']['id']}/",
        "introductions": "/introductions/",
        "profile": f"/members/{targets['profile']['username']}/",
        "search-en": "/search/?q=" + quote(targets["search"]["en"]["word"]),
        "search-zh": "/search/?q=" + quote(targets["search"]["zh"]["word"]),
    }


def log_in(base: str, username: str) -> dict[str, str]:
    """Sign in through the form, as a browser does; return the cookies it set."""
    import requests

    session = requests.Session()
    form = session.get(base + "/accounts/login/", timeout=30)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text)
    if form.status_code != 200 or not token:
        raise SystemExit(f"the sign-in page answered {form.status_code} without a CSRF token")
    answer = session.post(
        base + "/accounts/login/",
        data={"login": username, "password": PASSWORD, "csrfmiddlewaretoken": token.group(1)},
        headers={"Referer": base + "/accounts/login/"},
        allow_redirects=False,
        timeout=30,
    )
    cookies = session.cookies.get_dict()
    if answer.status_code != 302 or "sessionid" not in cookies:
        raise SystemExit(f"signing in as {username} answered {answer.status_code}")
    return cookies


def cookie_header(cookies: dict[str, str]) -> str:
    return "; ".join(f"{name}={value}" for name, value in sorted(cookies.items()))


def fetch(url: str, cookie: str) -> tuple[int, bytes]:
    import requests

    answer = requests.get(
        url, headers={"Cookie": cookie} if cookie else {}, allow_redirects=False, timeout=60
    )
    return answer.status_code, answer.content


def run_mode(mode: str, args, log) -> dict:
    data_dir = args.data_dir if mode == "embedded" else args.work_dir / f"production-{args.size}"
    data_dir.mkdir(parents=True, exist_ok=True)
    env = mode_env(mode, args, data_dir)
    if mode == "production":
        check_services(args)
    log(f"\n== {MODES[mode]} ==")
    found = prepare_dataset(env, args)
    urls = page_urls(found)
    workers = args.workers if mode == "production" else args.embedded_workers
    result = {
        "mode": mode,
        "description": MODES[mode],
        "load_average_at_start": list(os.getloadavg()),
        "environment": {
            key: env[key]
            for key in ("DJANGO_SETTINGS_MODULE", "DATA_DIR", "DATABASE_URL", "REDIS_URL")
            if key in env
        },
        "database": found["database_version"],
        "redis": found.get("redis_version"),
        "dataset": {**found["counts"], "size": args.size, "generated_seconds": None},
        "targets": {
            "member": found["member"],
            "thread": found["thread"],
            "profile": found["profile"],
            "search": found["search"],
            "urls": {page: urls[page] for page in args.pages},
        },
        "workers": workers,
        "cells": [],
        "scaling": [],
    }
    result["dataset"]["generated_seconds"] = found["generated_seconds"]

    member = found["member"]["username"]
    server = Server(env, workers, args.work_dir / "logs" / f"{mode}-{workers}-workers.log")
    try:
        server.start()
        shown = [os.path.relpath(sys.executable, ROOT), *server.command(0)[1:]]
        result["server"] = shlex.join(shown).replace("--port 0", "--port <free>")
        cookies = {"anonymous": "", "member": cookie_header(log_in(server.url, member))}
        result["memory_idle"] = server.memory()

        # Each page's size and status, and its ceiling of the same size.
        shapes = {}
        for page in args.pages:
            for auth in args.auths:
                status, body = fetch(server.url + urls[page], cookies[auth])
                if auth == "member" and b'action="/accounts/logout/"' not in body:
                    raise SystemExit(f"{page} does not show {member} signed in")
                shapes[page, auth] = {"status": status, "bytes": len(body)}
                ceiling = f"/bench/ceiling/{len(body)}/"
                status, body = fetch(server.url + ceiling, cookies[auth])
                if status != 200 or len(body) != shapes[page, auth]["bytes"]:
                    raise SystemExit(f"the ceiling {ceiling} answered {status}, {len(body)} B")
                shapes[page, auth]["ceiling"] = ceiling

        # Queries, in a process of its own on the same database, with the same cookies.
        wanted = {}
        for (page, auth), shape in shapes.items():
            jar = parse_cookie_header(cookies[auth])
            wanted[f"{page}|{auth}"] = (urls[page], jar)
            wanted[f"ceiling|{auth}"] = (shape["ceiling"], jar)
        queries = run_django(env, "_queries", {"requests": wanted})
        result["queries"] = queries  # with the SQL of each, for profiling

        top = max(args.clients)
        log(f"warming up {len(shapes) * 2} URLs ({args.warmup:g} s each, {top} clients)")
        result["warmup_problems"] = []
        for (page, auth), shape in shapes.items():
            for path in (urls[page], shape["ceiling"]):
                warmed = server.measure(path, cookies[auth], top, args.warmup, args.threads)
                result["warmup_problems"] += warmup_problems(path, auth, warmed, log)

        for (page, auth), shape in shapes.items():
            for clients in args.clients:
                measured = server.measure(
                    urls[page], cookies[auth], clients, args.duration, args.threads
                )
                ceiling = server.measure(
                    shape["ceiling"], cookies[auth], clients, args.duration, args.threads
                )
                cell = make_cell(page, auth, clients, urls[page], shape, measured, ceiling)
                cell["queries"] = queries[f"{page}|{auth}"]["queries"]
                cell["ceiling_queries"] = queries[f"ceiling|{auth}"]["queries"]
                if queries[f"{page}|{auth}"]["status"] != 200:
                    cell["problems"].append(
                        f"test client answered {queries[f'{page}|{auth}']['status']}"
                    )
                cell["flagged"] = cell["ratio"] is not None and cell["ratio"] < args.flag_below
                result["cells"].append(cell)
                log(cell_line(cell))
        result["memory_after_load"] = server.memory()
        result["server_errors"] = server.errors_logged()
        result["server_log"] = str(server.log_path.relative_to(ROOT))
    finally:
        server.stop()

    if args.scaling:
        for count in args.scaling_workers:
            result["scaling"].append(run_scaling(env, mode, count, urls, cookies, args, log))
    return result


def warmup_problems(path: str, auth: str, measured: dict, log) -> list[str]:
    """A warm-up's answers are not measured, but wrong answers and socket errors are reported.

    A warm-up that completed no request still warmed the server: it finished the requests
    (the harness waits for it to be idle) after wrk stopped waiting."""
    problems = [
        f"warm-up of {path}, {auth}: {problem}"
        for problem in measured["problems"]
        if problem != "no request completed"
    ]
    for problem in problems:
        log("!! " + problem)
    return problems


def parse_cookie_header(header: str) -> dict[str, str]:
    pairs = (part.split("=", 1) for part in header.split("; ") if part)
    return dict(pairs)


def make_cell(page, auth, clients, url, shape, measured, ceiling) -> dict:
    problems = [f"page: {problem}" for problem in measured["problems"]]
    problems += [f"ceiling: {problem}" for problem in ceiling["problems"]]
    if shape["status"] != 200:
        problems.append(f"page answered {shape['status']} before the load")
    low, high = measured["body_bytes_min"], measured["body_bytes_max"]
    if measured["requests"] and (low < 0.9 * shape["bytes"] or high > 1.1 * shape["bytes"]):
        problems.append(f"page bodies of {low}-{high} B under load, {shape['bytes']} B before")
    return {
        "page": page,
        "auth": auth,
        "clients": clients,
        "url": url,
        "page_bytes": shape["bytes"],
        "result": measured,
        "ceiling_url": shape["ceiling"],
        "ceiling": ceiling,
        "ratio": round(measured["rps"] / ceiling["rps"], 3) if ceiling["rps"] else None,
        "problems": problems,
    }


def cell_line(cell: dict) -> str:
    measured = cell["result"]
    line = (
        f"{cell['page']:<14} {cell['auth']:<9} {cell['clients']:>3} clients: "
        f"{measured['rps']:8.1f} req/s, p50 {measured['p50_ms']:.1f} ms, p99 "
        f"{measured['p99_ms']:.1f} ms; ceiling {cell['ceiling']['rps']:.1f} req/s"
    )
    if cell["ratio"] is not None:
        line += f", ratio {cell['ratio']:.2f}"
    if cell["problems"]:
        line += "  !! " + "; ".join(cell["problems"])
    return line


def run_scaling(env, mode, workers, urls, cookies, args, log) -> dict:
    """The scaling pages on a server of `workers` processes."""
    log(f"-- scaling: {workers} web process(es)")
    server = Server(env, workers, args.work_dir / "logs" / f"{mode}-scaling-{workers}.log")
    run: dict = {"workers": workers, "cells": []}
    try:
        server.start()
        top = max(args.clients)
        run["warmup_problems"] = []
        for page in args.scaling_pages:
            for auth in args.auths:
                warmed = server.measure(urls[page], cookies[auth], top, args.warmup, args.threads)
                run["warmup_problems"] += warmup_problems(urls[page], auth, warmed, log)
        for page in args.scaling_pages:
            for auth in args.auths:
                for clients in args.clients:
                    measured = server.measure(
                        urls[page], cookies[auth], clients, args.duration, args.threads
                    )
                    run["cells"].append(
                        {
                            "page": page,
                            "auth": auth,
                            "clients": clients,
                            "result": measured,
                            "problems": measured["problems"],
                        }
                    )
                    log(
                        f"{page:<14} {auth:<9} {clients:>3} clients, {workers} process(es): "
                        f"{measured['rps']:8.1f} req/s, p99 {measured['p99_ms']:.1f} ms"
                        + (
                            "  !! " + "; ".join(measured["problems"])
                            if measured["problems"]
                            else ""
                        )
                    )
        run["memory_after_load"] = server.memory()
        run["server_errors"] = server.errors_logged()
    finally:
        server.stop()
    return run


# --- reporting -----------------------------------------------------------------------------


def ms(value: float) -> str:
    return f"{value:,.1f} ms"


def tables(results: dict) -> str:
    lines = [
        "# HTTP load: generated tables",
        "",
        f"Command: `{results['command']}`",
        "",
        f"Started {results['started']}, finished {results.get('finished', '(unfinished)')}. "
        f"Machine: {results['machine']['cores']} cores ({results['machine']['cpu']}), "
        f"{results['machine']['memory']}, load average at start "
        f"{' / '.join(f'{each:.2f}' for each in results['machine']['load_average_at_start'])}"
        f", niceness {results['machine']['niceness']}. {results['machine']['wrk']}; "
        f"{results['options']['duration']:g} s a cell after a {results['options']['warmup']:g} s "
        f"warm-up per URL; wrk threads: {results['options']['threads']} (1 for 1 client).",
        "",
        "Ratio: the page's requests/s over the ceiling's (an HTML page of the same size from "
        "memory, same server, same middleware, same cookies, same concurrency, measured right "
        f"after the page). **Bold**: under {results['options']['flag_below']}. "
        "Queries: SQL queries of one request (test client, second request). "
        "Latencies are wrk's, in ms. Before each wrk run the harness waits until the web "
        "processes are idle, so requests left in flight by the previous run are not measured "
        "with the next.",
    ]
    for result in results["modes"].values():
        targets = result["targets"]
        lines += [
            "",
            f"## {result['description']}",
            "",
            f"{result['database']}"
            + (f", {result['redis']}" if result.get("redis") else "")
            + f"; `{result['server']}`; load average at start "
            f"{' / '.join(f'{each:.2f}' for each in result['load_average_at_start'])}.",
            f"Dataset ({result['dataset']['size']}): {result['dataset']['members']:,} members, "
            f"{result['dataset']['threads']:,} threads, {result['dataset']['posts']:,} posts. "
            f"Signed in as {targets['member']['username']} "
            f"(interface language {targets['member']['language']}). "
            f"Thread /t/{targets['thread']['id']}/: "
            f"{targets['thread']['replies']} replies, page 1 "
            f"({targets['thread']['posts_on_page_1']} posts). "
            f"Profile of {targets['profile']['username']} ({targets['profile']['posts']} posts). "
            f"Search {targets['search']['en']['word']!r} ({targets['search']['en']['hits']:,} "
            f"posts), {targets['search']['zh']['word']!r} "
            f"({targets['search']['zh']['hits']:,} posts).",
            "",
            "| page | auth | clients | req/s | p50 | p95 | p99 | ceiling req/s | ratio | "
            "queries | page bytes |",
            "|---|---|---|---|---|---|---|---|---|---|---|",
        ]
        for cell in result["cells"]:
            measured = cell["result"]
            ratio = "–" if cell["ratio"] is None else f"{cell['ratio']:.2f}"
            if cell["flagged"]:
                ratio = f"**{ratio}**"
            rps = f"{measured['rps']:,.1f}" + (" (!)" if cell["problems"] else "")
            lines.append(
                f"| {PAGES[cell['page']]} | {cell['auth']} | {cell['clients']} | {rps} | "
                f"{ms(measured['p50_ms'])} | {ms(measured['p95_ms'])} | "
                f"{ms(measured['p99_ms'])} | {cell['ceiling']['rps']:,.1f} | {ratio} | "
                f"{cell['queries']} | {cell['page_bytes']:,} |"
            )
        ceilings = sorted({(cell["auth"], cell["ceiling_queries"]) for cell in result["cells"]})
        lines += [
            "",
            "Ceiling queries: "
            + ", ".join(f"{auth} {count}" for auth, count in ceilings)
            + " (the session and the member, read by the middleware).",
        ]
        problems = [
            f"- {PAGES[cell['page']]}, {cell['auth']}, {cell['clients']} clients: "
            + "; ".join(cell["problems"])
            for cell in result["cells"]
            if cell["problems"]
        ]
        for run in result["scaling"]:
            problems += [
                f"- scaling, {run['workers']} process(es), {PAGES[cell['page']]}, "
                f"{cell['auth']}, {cell['clients']} clients: " + "; ".join(cell["problems"])
                for cell in run["cells"]
                if cell["problems"]
            ]
        problems += [f"- {problem}" for problem in result.get("warmup_problems", [])]
        problems += [
            f"- scaling, {run['workers']} process(es): {problem}"
            for run in result["scaling"]
            for problem in run.get("warmup_problems", [])
        ]
        errors = result.get("server_errors", []) + [
            line for run in result["scaling"] for line in run.get("server_errors", [])
        ]
        if problems or errors:
            lines += ["", "**Problems (these cells are suspicious):**", "", *problems]
            lines += [f"- server log: `{line[:160]}`" for line in errors]
        else:
            lines += ["", "Every answer was 2xx; no socket errors; no errors in the server log."]
        lines += scaling_table(result)
        lines += memory_table(result)
    return "\n".join(lines) + "\n"


def scaling_table(result: dict) -> list[str]:
    if not result["scaling"]:
        return []
    counts = [run["workers"] for run in result["scaling"]]
    header = " | ".join(
        f"{count} process{'es' if count > 1 else ''}: req/s (p99)" for count in counts
    )
    lines = [
        "",
        f"### Scaling: {result['description']}",
        "",
        f"| page | auth | clients | {header} | {counts[-1]} ÷ {counts[0]} |",
        "|---|---|---|" + "---|" * (len(counts) + 1),
    ]
    by_run = [
        {(cell["page"], cell["auth"], cell["clients"]): cell for cell in run["cells"]}
        for run in result["scaling"]
    ]
    for key in by_run[0]:
        cells = [run.get(key) for run in by_run]
        shown = [
            f"{cell['result']['rps']:,.1f} ({ms(cell['result']['p99_ms'])})"
            + (" (!)" if cell["problems"] else "")
            if cell
            else "–"
            for cell in cells
        ]
        first, last = cells[0], cells[-1]
        factor = (
            f"{last['result']['rps'] / first['result']['rps']:.2f}"
            if first and last and first["result"]["rps"]
            else "–"
        )
        lines.append(f"| {PAGES[key[0]]} | {key[1]} | {key[2]} | {' | '.join(shown)} | {factor} |")
    return lines


def memory_table(result: dict) -> list[str]:
    lines = [
        "",
        f"### Memory: {result['description']}",
        "",
        "Resident set size (VmRSS from /proc), summed over the uvicorn process and its workers "
        "(with --workers above 1: the master, the workers and multiprocessing's resource "
        "tracker).",
        "",
        "| server | processes | after start | after the load | each process after the load |",
        "|---|---|---|---|---|",
    ]
    idle, after = result.get("memory_idle"), result.get("memory_after_load")
    if idle and after:
        lines.append(
            f"| main run, --workers {result['workers']} | {after['processes']} | "
            f"{idle['rss_mib']:,.1f} MiB | {after['rss_mib']:,.1f} MiB | "
            f"{', '.join(f'{each:.0f}' for each in after['per_process_mib'])} MiB |"
        )
    for run in result["scaling"]:
        after = run.get("memory_after_load")
        if after:
            lines.append(
                f"| scaling, --workers {run['workers']} | {after['processes']} | – | "
                f"{after['rss_mib']:,.1f} MiB | "
                f"{', '.join(f'{each:.0f}' for each in after['per_process_mib'])} MiB |"
            )
    return lines


CEILING_LABEL = "ceiling (median over the pages' sizes; band: lowest to highest)"


def plot(results: dict, path: Path) -> bool:
    """Requests/s against clients: a panel per mode and auth, a line per page, the ceiling."""
    try:
        import matplotlib
    except ImportError:
        print("matplotlib is not installed (make bench installs it): no plot", flush=True)
        return False
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib import ticker

    modes = list(results["modes"].values())
    auths = [auth for auth in AUTHS if any(c["auth"] == auth for m in modes for c in m["cells"])]
    if not modes or not auths:
        return False
    figure, axes = plt.subplots(
        len(modes), len(auths), figsize=(6 * len(auths), 4.2 * len(modes)), squeeze=False,
        sharey=True,
    )  # fmt: skip
    colours = dict(zip(PAGES, plt.get_cmap("tab10").colors, strict=False))
    for row, result in enumerate(modes):
        for column, auth in enumerate(auths):
            ax = axes[row][column]
            cells = [cell for cell in result["cells"] if cell["auth"] == auth]
            clients = sorted({cell["clients"] for cell in cells})
            ceilings = [
                [cell["ceiling"]["rps"] for cell in cells if cell["clients"] == count]
                for count in clients
            ]
            if clients:
                ax.plot(
                    clients, [statistics.median(each) for each in ceilings], color="black",
                    linestyle="--", marker="o", label=CEILING_LABEL,
                )  # fmt: skip
                ax.fill_between(
                    clients, [min(each) for each in ceilings], [max(each) for each in ceilings],
                    color="black", alpha=0.08,
                )  # fmt: skip
            for page in PAGES:
                mine = sorted(
                    (cell["clients"], cell["result"]["rps"])
                    for cell in cells
                    if cell["page"] == page
                )
                if mine:
                    ax.plot(
                        [each[0] for each in mine], [each[1] for each in mine], marker="o",
                        color=colours[page], label=PAGES[page],
                    )  # fmt: skip
            ax.set_xscale("log", base=2)
            # Logarithmic: pages at a tenth of the ceiling stay readable beside it.
            ax.set_yscale("log")
            ax.yaxis.set_major_locator(ticker.LogLocator(base=10, subs=(1.0, 2.0, 5.0)))
            ax.yaxis.set_major_formatter(ticker.FuncFormatter(lambda value, _: f"{value:g}"))
            ax.yaxis.set_minor_formatter(ticker.NullFormatter())
            ax.set_xticks(clients or [1])
            ax.set_xticklabels([str(each) for each in clients or [1]])
            ax.set_title(f"{result['description']}, {auth}", fontsize=10)
            ax.set_xlabel("concurrent connections (wrk)")
            ax.set_ylabel("requests/s (log scale)")
            ax.grid(alpha=0.3, which="both")
    handles, labels = axes[0][0].get_legend_handles_labels()
    figure.legend(handles, labels, loc="lower center", ncol=4, fontsize=9, frameon=False)
    figure.suptitle(
        f"Halfway HTTP throughput ({results['options']['size']} dataset, "
        f"{results['options']['duration']:g} s a point, {results['machine']['cores']} cores)",
        fontsize=11,
    )
    figure.tight_layout(rect=(0, 0.07, 1, 0.96))
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, dpi=120)
    plt.close(figure)
    return True


def write_outputs(results: dict, out: Path) -> str:
    out.mkdir(parents=True, exist_ok=True)
    (out / "http-results.json").write_text(json.dumps(results, indent=1, ensure_ascii=False))
    text = tables(results)
    (out / "http-tables.md").write_text(text)
    plot(results, out / "http-throughput.png")
    return text


# --- the run -------------------------------------------------------------------------------


def machine() -> dict:
    cpu = "unknown CPU"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    memory = "unknown memory"
    with contextlib.suppress(OSError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    wrk = subprocess.run(["wrk", "-v"], capture_output=True, text=True, check=False)
    return {
        "cores": os.cpu_count(),
        "cores_usable": len(os.sched_getaffinity(0)),
        "cpu": cpu,
        "memory": memory,
        "kernel": platform.release(),
        "python": platform.python_version(),
        "wrk": (wrk.stdout or wrk.stderr).splitlines()[0].split(" Copyright")[0].strip(),
        "load_average_at_start": list(os.getloadavg()),
        "niceness": os.nice(0),
    }


def names(text: str, allowed, what: str) -> list[str]:
    chosen = [each.strip() for each in text.split(",") if each.strip()]
    unknown = [each for each in chosen if each not in allowed]
    if unknown or not chosen:
        raise argparse.ArgumentTypeError(f"{what}: choose from {', '.join(allowed)}")
    return chosen


def numbers(text: str) -> list[int]:
    chosen = [int(each) for each in text.split(",") if each.strip()]
    if not chosen or min(chosen) < 1:
        raise argparse.ArgumentTypeError("give positive whole numbers, separated by commas")
    return chosen


def parse_args(argv: list[str]) -> argparse.Namespace:
    cores = os.cpu_count() or 1
    parser = argparse.ArgumentParser(
        description="HTTP load benchmark of Halfway's pages with wrk (see the module docstring).",
    )
    add = parser.add_argument
    add(
        "--modes",
        default="production,embedded",
        type=lambda text: names(text, MODES, "--modes"),
        help="production and/or embedded (default: both)",
    )
    add(
        "--size",
        choices=SIZES,
        default="full",
        help="dataset: small (1,000 members, 2,000 threads, 20,000 posts, 10,000 messages) "
        "or full (10,000, 20,000, 200,000, 100,000; the default)",
    )
    add("--duration", type=float, default=10.0, help="seconds per cell (default: 10)")
    add(
        "--warmup",
        type=float,
        default=3.0,
        help="seconds of load per URL on each server before measuring (default: 3)",
    )
    add(
        "--clients",
        type=numbers,
        default=[1, 16, 64],
        help="wrk connections, comma-separated (default: 1,16,64)",
    )
    add("--threads", type=int, default=2, help="wrk threads, at most one per connection (2)")
    add(
        "--pages",
        default=",".join(PAGES),
        type=lambda text: names(text, PAGES, "--pages"),
        help=f"comma-separated (default: {','.join(PAGES)})",
    )
    add(
        "--auths",
        default=",".join(AUTHS),
        type=lambda text: names(text, AUTHS, "--auths"),
        help="anonymous and/or member (default: both)",
    )
    add(
        "--workers",
        type=int,
        default=2 * cores,
        help=f"uvicorn processes in production-like mode (default: twice the cores, {2 * cores})",
    )
    add(
        "--embedded-workers",
        type=int,
        default=1,
        help="uvicorn processes in embedded mode (default: 1, as make run starts it)",
    )
    add(
        "--scaling-workers",
        type=numbers,
        default=[1, 2],
        help="process counts compared on the scaling pages (default: 1,2)",
    )
    add(
        "--scaling-pages",
        default="home,thread",
        type=lambda text: names(text, PAGES, "--scaling-pages"),
        help="pages measured for scaling (default: home,thread)",
    )
    add("--no-scaling", dest="scaling", action="store_false", help="skip the scaling runs")
    add(
        "--member",
        help="who signs in, not staff (default: the first English reader from member_100)",
    )
    add("--en-word", default="dumplings", help="English search (default: dumplings)")
    add("--zh-word", default="饺子", help="Chinese search (default: 饺子)")
    add(
        "--data-dir",
        type=Path,
        help="embedded mode's DATA_DIR (default: var/bench-http/embedded-SIZE)",
    )
    add(
        "--database-url",
        help="production-like mode's database, made if missing (default: "
        "postgres://postgres@127.0.0.1:5432/halfway_bench_http, _small for the small size)",
    )
    add(
        "--random-page-cost",
        default="1.1",
        help="the database's random_page_cost, as docker-compose.yml sets it (default: 1.1; "
        "'server' leaves the server's own, PostgreSQL's default 4 here)",
    )
    add(
        "--redis-url",
        default="redis://127.0.0.1:6379/7",
        help="production-like mode's Redis, not database 0 (default: redis://127.0.0.1:6379/7)",
    )
    add(
        "--flag-below",
        type=float,
        default=0.3,
        help="ratio to the ceiling under which a page is flagged (default: 0.3)",
    )
    add(
        "--out",
        type=Path,
        default=ROOT / "docs" / "benchmarks",
        help="where the JSON, Markdown and PNG go (default: docs/benchmarks)",
    )
    add(
        "--work-dir",
        type=Path,
        default=ROOT / "var" / "bench-http",
        help="static files, server logs, embedded databases (default: var/bench-http)",
    )
    args = parser.parse_args(argv)
    args.work_dir = args.work_dir.resolve()
    args.data_dir = (args.data_dir or args.work_dir / f"embedded-{args.size}").resolve()
    suffix = "" if args.size == "full" else f"_{args.size}"
    args.database_url = (
        args.database_url or f"postgres://postgres@127.0.0.1:5432/halfway_bench_http{suffix}"
    )
    args.out = args.out.resolve()
    if urlsplit(args.redis_url).path in ("", "/", "/0"):
        parser.error("--redis-url: use a Redis database other than 0")
    return args


def planned_seconds(args) -> float:
    per_server_urls = len(args.pages) * len(args.auths)
    main = per_server_urls * 2 * (args.warmup + len(args.clients) * args.duration)
    scaling = (
        len(args.scaling_workers)
        * len(args.scaling_pages)
        * len(args.auths)
        * (args.warmup + len(args.clients) * args.duration)
        if args.scaling
        else 0
    )
    return len(args.modes) * (main + scaling)


def interrupt(signum, frame) -> None:
    raise KeyboardInterrupt


def main(argv: list[str]) -> None:
    args = parse_args(argv)
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed: apt-get install wrk (Debian package wrk)")
    # SIGTERM ends the run like Ctrl-C: the `finally` blocks stop every server.
    signal.signal(signal.SIGTERM, interrupt)
    python = os.path.relpath(sys.executable, ROOT)
    script = os.path.relpath(__file__, ROOT)
    results = {
        "command": shlex.join([python, script, *argv]),
        "started": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "options": {
            key: (str(value) if isinstance(value, Path) else value)
            for key, value in vars(args).items()
            if key not in ("database_url",)
        }
        | {"database_url": args.database_url},
        "modes": {},
    }
    print(f"command: {results['command']}", flush=True)
    print(
        f"{results['machine']['cores']} cores, load average "
        f"{' '.join(f'{each:.2f}' for each in results['machine']['load_average_at_start'])}; "
        f"wrk alone will run about {planned_seconds(args) / 60:.0f} min (plus dataset "
        "generation on a first run, and server starts)",
        flush=True,
    )

    def log(line: str) -> None:
        print(line, flush=True)

    shared = mode_env("embedded", args, args.data_dir)
    args.work_dir.mkdir(parents=True, exist_ok=True)
    manage(shared, "compile_catalogs", "-v0")
    manage(shared, "collectstatic", "--noinput", "-v0")
    for mode in args.modes:
        results["modes"][mode] = run_mode(mode, args, log)
        write_outputs(results, args.out)  # what is measured so far survives a later failure
    results["finished"] = datetime.now(UTC).isoformat(timespec="seconds")
    results["machine"]["load_average_at_end"] = list(os.getloadavg())
    text = write_outputs(results, args.out)
    print("\n" + text, flush=True)
    print("written:", ", ".join(str(path) for path in sorted(args.out.glob("http-*"))))


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] in ("_inspect", "_queries"):
        step = django_inspect if sys.argv[1] == "_inspect" else django_queries
        print(json.dumps(step(json.loads(sys.argv[2])), ensure_ascii=False))
    else:
        try:
            main(sys.argv[1:])
        except KeyboardInterrupt:
            raise SystemExit("interrupted; every server was stopped") from None
