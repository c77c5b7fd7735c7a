"""HTTP load on the site in production mode, against the bare ceiling, with writes going on.

    make bench                                          # large dataset, 10 s a cell
    make bench BENCH_ARGS="--size small --duration 3"   # the same, quickly
    .venv/bin/python bench/http_load.py --server gunicorn,uvicorn --pages thread,home

What one run does, for each server (--server, default gunicorn):
- the site runs with deploy/start's command for that server (gunicorn: the `web` role, with
  deploy/gunicorn.conf.py; uvicorn: halfway.asgi, as the `ws` role and `make run` serve it)
  and bench/http_settings.py (production settings, plain HTTP) on PostgreSQL and Redis, with
  --workers processes;
- the bare ceiling runs beside it: bench/bare_settings.py, a minimal Django project under
  gunicorn sync workers, as many as the site's, answering from memory the very bytes each
  measured URL answered (each fetched once, written to a file). It is always gunicorn, as in
  issue 20's definition, so a uvicorn row's ratio includes what the server costs;
- a writer process (the `_writer` step below, through forum.services) posts one reply a second
  in a thread no page measures, for the whole run, so caches are emptied as in life;
- per page and per signed in/out, three wrk runs one after the other with the same Lua
  script: the page, its bare ceiling, its middleware ceiling (/bench/ceiling/<size>/, Halfway's
  whole stack answering the same size from memory). Each request picks the next of the
  page's URLs (many threads, categories, profiles, searches: warm rows and cold ones) and,
  signed in, the next of --members session cookies (one per member, made in-process with
  Django's test client on the same database);
- a cold row per page: --cold times, a write to what the page shows (a reply in the thread, in
  the category, by the profile's member, with the searched word, mentioning the reader; a chat
  message to the reader), then one GET of the page, timed; p50 and p99 of those.

p50/p99 are wrk's own (its `done()` prints them as JSON). A non-2xx answer, a socket error or
a missing sign-in marks the cell. Results: docs/benchmarks/http.json (the table included) and
the table printed. The dataset is `manage.py generate_dataset`, made when the database has none.
"""

import argparse
import contextlib
import itertools
import json
import os
import re
import secrets
import select
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

SIZES = {
    "small": {"members": 1_000, "threads": 2_000, "posts": 20_000, "messages": 10_000},
    "large": {"members": 10_000, "threads": 20_000, "posts": 200_000, "messages": 100_000},
}
# page: (label, measured signed out too)
PAGES = {
    "thread": ("thread page", True),
    "home": ("home feed", True),
    "category": ("category list", True),
    "introductions": ("introductions", True),
    "profile": ("profile", True),
    "search": ("search", True),
    "notifications": ("notifications", False),
    "chat": ("chat inbox", False),
}
SEARCH_WORDS = ["dumplings", "hotpot", "tacos", "ramen", "饺子", "火锅", "拉面", "奶茶"]
# The site's application under each server: gunicorn as `deploy/start web` serves it; uvicorn
# as `make run` and `deploy/start ws` do (pages through a2wsgi, halfway/asgi.py).
SITE = {"gunicorn": "halfway.wsgi:application", "uvicorn": "halfway.asgi:application"}
URLS_PER_PAGE = 20  # the URLs a page's cell rotates through
WRK_TIMEOUT = "30s"  # wrk's default 2 s would drop slow answers from the latencies
OWN_VARIABLES = (
    "DJANGO_SETTINGS_MODULE",
    "DATABASE_URL",
    "REDIS_URL",
    "CELERY_BROKER_URL",
    "DATA_DIR",
    "STATIC_ROOT",
    "MEDIA_ROOT",
    "DEBUG",
    "ALLOWED_HOSTS",
    "HTTPS",
    "LOG_LEVEL",
    "SECRET_KEY",
    "CHANNEL_LAYER_PREFIX",
    "EMAIL_URL",
    "BARE_PAGES",
)

LUA = r"""-- Written by bench/http_load.py: each request takes the next path and the next cookie.
local paths = %(paths)s
local cookies = %(cookies)s
local counter = 1
local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("id", #threads)
end

function init(args)
  -- Threads start at different places in the lists, so they do not walk them in step.
  counter = (id - 1) * 7919
  other, smallest, largest = 0, -1, 0
end

function request()
  counter = counter + 1
  local headers, shift = {}, 0
  if #cookies > 0 then
    headers["Cookie"] = cookies[counter %% #cookies + 1]
    -- One step along the paths per round of the members, so each member meets every path.
    shift = math.floor(counter / #cookies)
  end
  return wrk.format("GET", paths[(counter + shift) %% #paths + 1], headers)
end

function response(status, headers, body)
  if status < 200 or status > 299 then other = other + 1 end
  local size = body and #body or 0
  if smallest < 0 or size < smallest then smallest = size end
  if size > largest then largest = size end
end

function done(summary, latency, requests)
  local other_all, smallest_all, largest_all = 0, -1, 0
  for _, thread in ipairs(threads) do
    other_all = other_all + thread:get("other")
    local small, large = thread:get("smallest"), thread:get("largest")
    if small >= 0 and (smallest_all < 0 or small < smallest_all) then smallest_all = small end
    if large > largest_all then largest_all = large end
  end
  local e = summary.errors
  io.write(string.format(
    'HALFWAY_WRK {"requests": %%.0f, "duration_us": %%.0f, "socket_errors": %%.0f, ' ..
    '"non_2xx": %%.0f, "body_min": %%.0f, "body_max": %%.0f, "p50_us": %%.1f, ' ..
    '"p99_us": %%.1f}\n',
    summary.requests, summary.duration, e.connect + e.read + e.write + e.timeout,
    other_all, smallest_all, largest_all, latency:percentile(50), latency:percentile(99)))
end
"""


# --- inside Django (subprocesses with the site's environment) -------------------------------


def django_prepare(params: dict) -> dict:
    """Count the dataset; once there is one, pick each page's URLs, sign members in, and
    plan the writes of the cold rows."""
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth.models import AnonymousUser
    from django.db.models import Count
    from django.http import Http404
    from django.test import Client

    from accounts.models import Member
    from chat.models import Participant
    from forum import selectors
    from forum.models import Category, Post, Thread

    counts = {
        "members": Member.objects.filter(username__startswith="member_").count(),
        "threads": Thread.objects.count(),
        "posts": Post.objects.count(),
    }
    if not counts["members"]:
        return {"counts": counts}

    members = Member.objects.filter(
        username__startswith="member_", is_active=True, is_staff=False
    ).order_by("pk")
    # The reader of the signed-in cold rows has a conversation, so a message reaches the inbox.
    talk = list(
        Participant.objects.filter(member__in=members, state=Participant.State.ACTIVE)
        .values("conversation_id", "member_id")
        .order_by("conversation_id", "member_id")[:5000]
    )
    reader = sender = conversation = None
    for first, second in itertools.pairwise(talk):
        if first["conversation_id"] == second["conversation_id"]:
            reader, sender = first["member_id"], second["member_id"]
            conversation = first["conversation_id"]
            break
    if reader is None:
        raise SystemExit("no conversation between two active members: is the dataset complete?")
    chosen = [
        reader,
        *members.exclude(pk=reader).values_list("pk", flat=True)[: params["members"] - 1],
    ]
    cookies = []
    by_pk = Member.objects.in_bulk(chosen)
    for pk in chosen:  # the reader first
        client = Client()
        member = by_pk[pk]
        client.force_login(member)  # a real session, in the site's own session store
        cookies.append(
            f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
        )

    def visible(threads):
        for thread in threads:
            with contextlib.suppress(Http404):
                selectors.get_thread_for(AnonymousUser(), thread.pk)
                yield thread

    forum_threads = Thread.objects.filter(deleted_at__isnull=True, category__is_introductions=False)
    # Half recently active (warm), half old and rarely read (cold).
    recent = list(visible(forum_threads.order_by("-last_posted_at")[:40]))[: URLS_PER_PAGE // 2]
    old = list(visible(forum_threads.order_by("last_posted_at")[:40]))[: URLS_PER_PAGE // 2]
    threads = recent + old
    elsewhere = next(
        visible(forum_threads.exclude(pk__in=[t.pk for t in threads]).order_by("-reply_count"))
    )
    categories = list(Category.objects.filter(is_introductions=False).order_by("pk"))
    introduction = next(
        visible(
            Thread.objects.filter(
                deleted_at__isnull=True, category__is_introductions=True
            ).order_by("-pk")
        )
    )
    authors = list(
        Post.objects.filter(deleted_at__isnull=True, author__in=members)
        .values_list("author__username", flat=True)
        .annotate(posts=Count("pk"))
        .order_by("-posts", "author__username")[:URLS_PER_PAGE]
    )
    words = [
        w for w in SEARCH_WORDS if selectors.search_results(AnonymousUser(), w, 1).paginator.count
    ]
    if not (threads and categories and authors and words and conversation):
        raise SystemExit("the dataset lacks threads, categories, authors, search hits or chats")
    author_pk = Member.objects.get(username=authors[0]).pk
    reader_name = Member.objects.get(pk=reader).username
    urls = {
        "thread": [f"/t/{t.pk}/" for t in threads],
        "home": ["/", *[f"/?page={n}" for n in range(2, 6)]],
        "category": [f"/c/{c.slug}/" for c in categories],
        "introductions": ["/introductions/", *[f"/introductions/?page={n}" for n in range(2, 6)]],
        "profile": [f"/members/{quote(name)}/" for name in authors],
        "search": [f"/search/?q={quote(word)}" for word in words],
        "notifications": ["/notifications/"],
        "chat": ["/chat/"],
    }
    reply = {"kind": "reply", "author": sender}
    in_category = forum_threads.filter(category=categories[0]).order_by("-pk").first()
    cold = {  # the write that changes what the page's first URL shows
        "thread": reply | {"thread": threads[0].pk},
        "home": reply | {"thread": elsewhere.pk},
        "category": reply | {"thread": in_category.pk},
        "introductions": reply | {"thread": introduction.pk},
        "profile": reply | {"thread": elsewhere.pk, "author": author_pk},
        "search": reply | {"thread": elsewhere.pk, "body": f"Cold search: {words[0]}"},
        "notifications": reply | {"thread": elsewhere.pk, "body": f"@{reader_name} look"},
        "chat": {"kind": "message", "author": sender, "conversation": conversation},
    }
    return {
        "counts": counts,
        "cookies": cookies,
        "urls": urls,
        "cold": cold,
        "writer": {"thread": elsewhere.pk, "authors": chosen[1:]},
    }


def django_writer(params: dict) -> None:
    """One reply a second in `params["thread"]`, by the members in turn, until stdin closes.
    A line on stdin is a command, answered with one line: a write (`django_prepare`'s cold
    plans), made at once, or {"kind": "count"}, the background replies so far."""
    import uuid

    import django

    django.setup()
    from accounts.models import Member
    from chat import services as chat_services
    from chat.models import Conversation
    from forum import services
    from forum.models import Thread

    authors = list(Member.objects.filter(pk__in=params["authors"]))
    made, failed, errors = 0, 0, []

    def write(plan: dict) -> None:
        author = Member.objects.get(pk=plan["author"])
        body = plan.get("body") or f"Bench reply {uuid.uuid4().hex[:8]}"
        if plan["kind"] == "message":
            conversation = Conversation.objects.get(pk=plan["conversation"])
            chat_services.send_message(
                author=author, conversation=conversation, body=body, client_id=uuid.uuid4()
            )
        else:
            thread = Thread.objects.get(pk=plan["thread"])
            services.add_reply(author=author, thread=thread, body=body, region_code="")

    tick = time.monotonic()
    while True:
        ready, _, _ = select.select([sys.stdin], [], [], max(0.0, tick - time.monotonic()))
        if ready:
            line = sys.stdin.readline()
            if not line:
                return
            plan = json.loads(line)
            if plan["kind"] != "count":
                write(plan)
            print(json.dumps({"made": made, "failed": failed, "errors": errors[:5]}), flush=True)
            continue
        author = authors[(made + failed) % len(authors)]
        try:
            write({"kind": "reply", "thread": params["thread"], "author": author.pk})
            made += 1
        except Exception as error:  # counted and reported below, never hidden
            failed += 1
            errors.append(repr(error)[:200])
        # One a second; a write that took longer is not made up for with a burst.
        tick = max(tick + 1.0, time.monotonic())


# --- processes ------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def run_django(env: dict, step: str, params: dict) -> dict:
    done = subprocess.run(
        [sys.executable, __file__, step, json.dumps(params)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode:
        sys.stderr.write(done.stderr)
        raise SystemExit(f"{step} failed (exit {done.returncode})")
    return json.loads(done.stdout.strip().splitlines()[-1])


def server_command(kind: str, application: str, port: int, workers: int) -> list[str]:
    """deploy/start's command for each server (`web`: gunicorn, with production's
    configuration for the site; `ws`: uvicorn), on a given port with `workers` processes."""
    if kind == "gunicorn":
        flags = f"gunicorn {application} -w {workers} --bind 127.0.0.1:{port} --log-level warning"
        if application == SITE["gunicorn"]:
            flags += " --config deploy/gunicorn.conf.py"
    else:
        flags = (
            f"uvicorn {application} --host 127.0.0.1 --port {port} --workers {workers} "
            "--no-access-log --log-level warning --no-proxy-headers"
        )
    return [sys.executable, "-m", *flags.split()]


class Server:
    """A server process (and its workers) on a free port, logging to a file."""

    def __init__(self, kind: str, application: str, workers: int, env: dict, log: Path):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.command = server_command(kind, application, self.port, workers)
        self.env, self.log = env, log
        self.process: subprocess.Popen | None = None

    def start(self, probe: str) -> None:
        import requests

        self.log.parent.mkdir(parents=True, exist_ok=True)
        with self.log.open("w") as log:
            # A session of its own: stopped by the harness, not by a Ctrl-C mid-measurement.
            self.process = subprocess.Popen(
                self.command,
                cwd=ROOT,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"{self.command[2]} stopped while starting; see {self.log}")
            with contextlib.suppress(requests.RequestException):
                if requests.get(self.url + probe, timeout=5).status_code == 200:
                    return
            time.sleep(0.2)
        raise SystemExit(f"{self.url}{probe} did not answer 200 in 90 s; see {self.log}")

    def cpu_ticks(self) -> int:
        """CPU time used so far by the server and its workers, from /proc."""
        total = 0
        for pid in descendants(self.process.pid):
            with contextlib.suppress(OSError):
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
                total += int(fields[11]) + int(fields[12])  # utime, stime
        return total

    def wait_idle(self) -> None:
        """wrk stops counting at the end of its run, but the server finishes the requests in
        flight; measured at once, the next run would share the machine with them. Idle: two
        half-seconds in a row under 4 % of a core."""
        quiet, before, started = 0, self.cpu_ticks(), time.monotonic()
        while quiet < 2 and time.monotonic() - started < 120:
            time.sleep(0.5)
            now = self.cpu_ticks()
            quiet = quiet + 1 if now - before <= 0.02 * os.sysconf("SC_CLK_TCK") else 0
            before = now

    def errors_logged(self) -> list[str]:
        lines = self.log.read_text(errors="replace").splitlines()
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


def descendants(pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError):
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
                children.setdefault(parent, []).append(int(entry.name))
    found, queue = [], [pid]
    while queue:
        found.append(queue.pop())
        queue.extend(children.get(found[-1], []))
    return found


class Writer:
    """The `_writer` step in a process of its own: background replies, and writes on demand."""

    def __init__(self, env: dict, params: dict):
        self.process = subprocess.Popen(
            [sys.executable, __file__, "_writer", json.dumps(params)],
            cwd=ROOT,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )

    def send(self, plan: dict) -> dict:
        self.process.stdin.write(json.dumps(plan) + "\n")
        self.process.stdin.flush()
        line = self.process.stdout.readline()
        if not line:
            raise SystemExit("the writer stopped; see its error above")
        return json.loads(line)

    def stop(self) -> None:
        with contextlib.suppress(BrokenPipeError, OSError):
            self.process.stdin.close()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()


# --- wrk ------------------------------------------------------------------------------------


def lua_list(values: list[str]) -> str:
    # JSON's string escapes are Lua's for ASCII; the paths are quoted and cookies are ASCII.
    return "{" + ", ".join(json.dumps(value) for value in values) + "}"


def lua_script(paths: list[str], cookies: list[str]) -> str:
    return LUA % {"paths": lua_list(paths), "cookies": lua_list(cookies)}


def run_wrk(base: str, paths: list[str], cookies: list[str], args, duration: int = 0) -> dict:
    """One wrk run over `paths` and `cookies` in turn; what its `done()` printed."""
    duration = duration or args.duration
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(lua_script(paths, cookies))
    threads = min(args.threads, args.clients)
    command = f"wrk -t {threads} -c {args.clients} -d {duration}s --timeout {WRK_TIMEOUT}".split()
    command += ["-s", script.name, base + "/"]
    try:
        done = subprocess.run(
            command, capture_output=True, text=True, timeout=duration + 120, check=False
        )
    finally:
        os.unlink(script.name)
    lines = [line for line in done.stdout.splitlines() if line.startswith("HALFWAY_WRK ")]
    if done.returncode or not lines:
        raise SystemExit(f"wrk failed on {base}: {done.stdout}\n{done.stderr}")
    got = json.loads(lines[-1].removeprefix("HALFWAY_WRK "))
    seconds = got["duration_us"] / 1e6
    problems = [f"{got['non_2xx']} non-2xx"] if got["non_2xx"] else []
    problems += [f"{got['socket_errors']} socket errors"] if got["socket_errors"] else []
    problems += [] if got["requests"] else ["no request completed"]
    return {
        "requests": got["requests"],
        "rps": round(got["requests"] / seconds, 1) if seconds else 0.0,
        "p50_ms": round(got["p50_us"] / 1000, 2),
        "p99_ms": round(got["p99_us"] / 1000, 2),
        "body_bytes": [got["body_min"], got["body_max"]],
        "problems": problems,
    }


# --- one server -----------------------------------------------------------------------------


def cells_of(args) -> list[tuple[str, str]]:
    return [
        (page, auth) for page in args.pages for auth in args.auths if auth == "in" or PAGES[page][1]
    ]


def measure_server(kind: str, args, env: dict, prepared: dict, log) -> dict:
    """Every cell and cold row on one kind of server, beside its bare ceiling."""
    import requests

    bodies_dir = Path(tempfile.mkdtemp(prefix="halfway-bare-"))
    site = Server(kind, SITE[kind], args.workers, env, args.work_dir / f"{kind}.log")
    bare_env = env | {
        "DJANGO_SETTINGS_MODULE": "bench.bare_settings",
        "BARE_PAGES": str(bodies_dir),
    }
    bare = Server(
        "gunicorn",
        "django.core.wsgi:get_wsgi_application()",
        args.workers,
        bare_env,
        args.work_dir / f"bare-{kind}.log",
    )
    writer = None
    shown = shlex.join(site.command[2:]).replace(str(site.port), "PORT")
    result: dict = {"server": kind, "command": shown, "cells": []}
    try:
        site.start("/healthz")
        # Each URL once, with the cookie its place in the rotation gives it: its bytes go to
        # the bare ceiling, and a signed-in answer must show its reader signed in.
        plans = {}
        for page, auth in cells_of(args):
            cookies = prepared["cookies"] if auth == "in" else []
            urls = prepared["urls"][page]
            plan = {"urls": urls, "cookies": cookies, "bare": [], "ceiling": [], "bytes": []}
            # Signed in, each member sees their own page: a sample of members, and the URLs.
            samples = max(len(urls), URLS_PER_PAGE) if cookies else len(urls)
            for index in range(samples):
                url = urls[index % len(urls)]
                headers = {"Cookie": cookies[index % len(cookies)]} if cookies else {}
                answer = requests.get(
                    site.url + url, headers=headers, allow_redirects=False, timeout=60
                )
                if answer.status_code != 200:
                    raise SystemExit(f"{url} ({auth}) answered {answer.status_code}")
                if auth == "in" and b'action="/accounts/logout/"' not in answer.content:
                    raise SystemExit(f"{url} does not show its reader signed in")
                name = f"{page}-{auth}-{index}"
                (bodies_dir / f"{name}.html").write_bytes(answer.content)
                plan["bare"].append(f"/{name}/")
                plan["ceiling"].append(f"/bench/ceiling/{len(answer.content)}/")
                plan["bytes"].append(len(answer.content))
            plans[page, auth] = plan
        bare.start(plans[next(iter(plans))]["bare"][0])
        writer = Writer(env | {"MODERATION_POSTING_LIMITS": "false"}, prepared["writer"])
        for (page, auth), plan in plans.items():
            site.wait_idle()
            if args.warmup:
                run_wrk(site.url, plan["urls"], plan["cookies"], args, duration=args.warmup)
            cell = {
                "page": page,
                "auth": auth,
                "bytes": int(statistics.median(plan["bytes"])),
                "urls": len(plan["urls"]),
                "members": len(plan["cookies"]),
            }
            for key, server, paths in (
                ("site", site, plan["urls"]),
                ("bare", bare, plan["bare"]),
                ("ceiling", site, plan["ceiling"]),
            ):
                server.wait_idle()
                before = writer.send({"kind": "count"})["made"]
                cell[key] = run_wrk(server.url, paths, plan["cookies"], args)
                cell[key]["writes"] = writer.send({"kind": "count"})["made"] - before
            cell["cold"] = cold_row(site.url, prepared["cold"][page], plan, writer, args)
            result["cells"].append(cell)
            log(cell_line(cell))
        result["writer"] = writer.send({"kind": "count"})
        result["server_errors"] = site.errors_logged() + bare.errors_logged()
    finally:
        if writer:
            writer.stop()
        site.stop()
        bare.stop()
        shutil.rmtree(bodies_dir, ignore_errors=True)
    return result


def cold_row(base: str, write: dict, plan: dict, writer: Writer, args) -> dict:
    """The first view after a write to what the page shows, --cold times."""
    import requests

    headers = {"Cookie": plan["cookies"][0]} if plan["cookies"] else {}
    times, statuses = [], set()
    for _ in range(args.cold):
        writer.send(write)
        started = time.perf_counter()
        answer = requests.get(base + plan["urls"][0], headers=headers, timeout=60)
        times.append((time.perf_counter() - started) * 1000)
        statuses.add(answer.status_code)
    return {
        "views": len(times),
        "p50_ms": round(statistics.median(times), 2),
        "p99_ms": round(percentile(times, 99), 2),
        "problems": [f"answered {sorted(statuses)}"] if statuses != {200} else [],
    }


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share / 100 * (len(ordered) - 1)))]


# --- reporting ------------------------------------------------------------------------------


def ratio(part: dict, whole: dict) -> float | None:
    return round(part["rps"] / whole["rps"], 3) if whole["rps"] else None


def cell_line(cell: dict) -> str:
    problems = [
        f"{key}: {problem}"
        for key in ("site", "bare", "ceiling", "cold")
        for problem in cell[key]["problems"]
    ]
    return (
        f"{cell['page']:<14} {cell['auth']:<3} {cell['site']['rps']:8.1f} req/s "
        f"(bare {cell['bare']['rps']:.0f}, ratio {ratio(cell['site'], cell['bare'])}), "
        f"p50 {cell['site']['p50_ms']} ms, p99 {cell['site']['p99_ms']} ms; cold p50 "
        f"{cell['cold']['p50_ms']} ms; {cell['site']['writes']} writes"
        + ("  !! " + "; ".join(problems) if problems else "")
    )


def table(results: dict) -> str:
    lines = [
        "| page | server | signed in | bytes | req/s | bare ceiling req/s | ratio to bare | "
        "p50 | p99 | middleware ceiling req/s | ratio to it | writes in the cell |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for run in results["servers"]:
        for cell in run["cells"]:
            site, bare, ceiling, cold = cell["site"], cell["bare"], cell["ceiling"], cell["cold"]
            flag = " (!)" if site["problems"] or bare["problems"] or ceiling["problems"] else ""
            label, auth = PAGES[cell["page"]][0], "yes" if cell["auth"] == "in" else "no"
            lines.append(
                f"| {label} | {run['server']} | {auth} | {cell['bytes']:,} | "
                f"{site['rps']:,.1f}{flag} | {bare['rps']:,.1f} | "
                f"**{ratio(site, bare)}** | {site['p50_ms']:.1f} ms | {site['p99_ms']:.1f} ms | "
                f"{ceiling['rps']:,.1f} | {ratio(site, ceiling)} | {site['writes']} |"
            )
            flag = " (!)" if cold["problems"] else ""
            lines.append(
                f"| {label}, first view after a write ({cold['views']}){flag} | "
                f"{run['server']} | {auth} | | | | | {cold['p50_ms']:.1f} ms | "
                f"{cold['p99_ms']:.1f} ms | | | |"
            )
    return "\n".join(lines) + "\n"


# --- the run --------------------------------------------------------------------------------


def site_env(args) -> dict:
    env = {key: value for key, value in os.environ.items() if key not in OWN_VARIABLES}
    env.update(
        DJANGO_SETTINGS_MODULE="bench.http_settings",
        DATABASE_URL=args.database_url,
        REDIS_URL=args.redis_url,
        # Production's settings over plain HTTP (bench/http_settings.py), a key of this run's.
        HTTPS="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        DATA_DIR=str(args.work_dir / "data"),
        STATIC_ROOT=str(args.work_dir / "static"),
        LOG_LEVEL="WARNING",
        CHANNEL_LAYER_PREFIX=f"halfway-bench-http-{args.size}",
        PYTHONUNBUFFERED="1",
    )
    return env


def check_services(args) -> None:
    """PostgreSQL and Redis answer; the benchmark's database exists."""
    import psycopg
    import redis
    from psycopg import sql

    try:
        redis.Redis.from_url(args.redis_url, socket_timeout=5).ping()
    except redis.RedisError as error:
        raise SystemExit(f"Redis at {args.redis_url} does not answer: {error}") from None
    parts = urlsplit(args.database_url)
    name, server = parts.path.lstrip("/"), parts._replace(path="/postgres").geturl()
    try:
        with psycopg.connect(server, autocommit=True, connect_timeout=5) as connection:
            if not connection.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", [name]
            ).fetchone():
                connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            # The planner setting docker-compose.yml gives the production server.
            connection.execute(
                sql.SQL("ALTER DATABASE {} SET random_page_cost = 1.1").format(sql.Identifier(name))
            )
    except psycopg.Error as error:
        raise SystemExit(f"PostgreSQL at {server} does not answer: {error}") from None


def prepare(env: dict, args) -> dict:
    """Migrate; generate the dataset when the database has none; then what the cells need."""
    manage = [sys.executable, "manage.py"]
    for step in (
        ["migrate", "--noinput", "-v0"],
        ["compile_catalogs", "-v0"],
        ["collectstatic", "--noinput", "-v0"],
    ):
        subprocess.run([*manage, *step], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    params = {"members": args.members}
    prepared = run_django(env, "_prepare", params)
    wanted = SIZES[args.size]
    if not prepared["counts"]["members"]:
        print(f"generating the {args.size} dataset …", flush=True)
        sizes = [f"--{key}={value}" for key, value in wanted.items()]
        subprocess.run([*manage, "generate_dataset", *sizes], cwd=ROOT, env=env, check=True)
        prepared = run_django(env, "_prepare", params)
    # Earlier runs' writes add posts: only members and threads must match.
    if (prepared["counts"]["members"], prepared["counts"]["threads"]) != (
        wanted["members"],
        wanted["threads"],
    ):
        raise SystemExit(
            f"the database holds {prepared['counts']}, --size {args.size} wants {wanted}"
        )
    return prepared


def names(text: str, allowed, what: str) -> list[str]:
    chosen = [each.strip() for each in text.split(",") if each.strip()]
    if not chosen or any(each not in allowed for each in chosen):
        raise argparse.ArgumentTypeError(f"{what}: choose from {', '.join(allowed)}")
    return chosen


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="HTTP load on Halfway (see the module docstring)")
    add = parser.add_argument
    add(
        "--server",
        default=["gunicorn"],
        type=lambda text: names(text, ("gunicorn", "uvicorn"), "--server"),
        help="gunicorn and/or uvicorn, comma-separated (default: gunicorn)",
    )
    add(
        "--size",
        choices=SIZES,
        default="large",
        help="small (1,000 members, 2,000 threads, 20,000 posts) or large (ten times; default)",
    )
    add("--duration", type=int, default=10, help="seconds per wrk run (default: 10)")
    add("--warmup", type=int, default=2, help="seconds of load on each page first (2)")
    add("--clients", type=int, default=16, help="wrk connections (default: 16)")
    add("--threads", type=int, default=2, help="wrk threads (default: 2)")
    add("--workers", type=int, default=2, help="processes of the site and of the bare ceiling (2)")
    add("--members", type=int, default=200, help="signed-in members rotated (default: 200)")
    add("--cold", type=int, default=20, help="first views after a write, per cell (default: 20)")
    add(
        "--pages",
        default=list(PAGES),
        type=lambda t: names(t, PAGES, "--pages"),
        help=f"comma-separated (default: {','.join(PAGES)})",
    )
    add(
        "--auths",
        default=["out", "in"],
        type=lambda t: names(t, ("out", "in"), "--auths"),
        help="signed out and/or in: out,in (default: both)",
    )
    add(
        "--database-url",
        help="PostgreSQL, made if missing (default: "
        "postgres://postgres@127.0.0.1:5432/halfway_bench_http_SIZE)",
    )
    add("--redis-url", default="redis://127.0.0.1:6379/7", help="not database 0 (default: 7)")
    add("--out", type=Path, default=ROOT / "docs" / "benchmarks" / "http.json")
    add(
        "--work-dir",
        type=Path,
        default=ROOT / "var" / "bench-http",
        help="static files and server logs (default: var/bench-http)",
    )
    args = parser.parse_args(argv)
    args.database_url = args.database_url or (
        f"postgres://postgres@127.0.0.1:5432/halfway_bench_http_{args.size}"
    )
    args.work_dir = args.work_dir.resolve()
    if urlsplit(args.redis_url).path in ("", "/", "/0"):
        parser.error("--redis-url: use a Redis database other than 0")
    return args


def interrupt(signum, frame) -> None:
    raise KeyboardInterrupt  # SIGTERM ends the run like Ctrl-C: `finally` stops every server


def main(argv: list[str]) -> None:
    args = parse_args(argv)
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed: apt-get install wrk")
    signal.signal(signal.SIGTERM, interrupt)
    check_services(args)
    env = site_env(args)
    prepared = prepare(env, args)
    results = {
        "command": shlex.join([os.path.relpath(sys.executable, ROOT), "bench/http_load.py", *argv]),
        "started": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {
            "cores": os.cpu_count(),
            "load_average_at_start": os.getloadavg(),
            "wrk": subprocess.run(["wrk", "-v"], capture_output=True, text=True, check=False)
            .stdout.split(" Copyright")[0]
            .strip(),
        },
        "options": {
            k: os.path.relpath(v, ROOT) if isinstance(v, Path) else v for k, v in vars(args).items()
        },
        "dataset": prepared["counts"] | {"size": args.size},
        "urls": prepared["urls"],
        "servers": [],
    }
    print(f"command: {results['command']}", flush=True)
    for kind in args.server:
        print(f"\n== {kind} ==", flush=True)
        results["servers"].append(measure_server(kind, args, env, prepared, print))
    results["finished"] = datetime.now(UTC).isoformat(timespec="seconds")
    results["machine"]["load_average_at_end"] = os.getloadavg()
    results["table"] = table(results)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n")
    print("\n" + results["table"], flush=True)
    print(f"written: {args.out}")


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] in ("_prepare", "_writer"):
        if sys.argv[1] == "_prepare":
            print(json.dumps(django_prepare(json.loads(sys.argv[2])), ensure_ascii=False))
        else:
            django_writer(json.loads(sys.argv[2]))
    else:
        try:
            main(sys.argv[1:])
        except KeyboardInterrupt:
            raise SystemExit("interrupted; every server was stopped") from None
