"""The soak: mixed load on the site in production mode for a long while (30 minutes by default).

    make soak                                   # 30 minutes
    .venv/bin/python bench/soak.py --minutes 2  # a short one

Production mode on this machine: PostgreSQL (a fresh database, `halfway_soak`), Redis (database
7, emptied first), two uvicorn web processes, a Celery worker of two processes, and the test
suite's DeepL fake answering in 100 ms. Members write from public addresses (X-Forwarded-For
from the local proxy), in English and Chinese. Each client thread loops over a mix: the home
feed, a thread, search, a reply, a reaction, a chat message (while its partner's socket
listens), a translation click.

It checks, and exits 1 if any fails:
- no answer outside 2xx/3xx except rate limits (429, or a form's limit message);
- every chat message the site acknowledged is stored exactly once, and every reply too;
- memory is flat: the web and worker processes' resident size in the last fifth of the run is
  within 20 % of the first fifth after the warm-up;
- no client address appears in the database or in the processes' logs
  (`manage.py scan_for_addresses`).

The figures are written to the JSON file named by --report (docs/benchmarks/soak.json).
"""

import argparse
import asyncio
import json
import os
import random
import re
import signal
import statistics
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter, defaultdict
from pathlib import Path

import psycopg
import redis
import requests
import websockets

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.fakes.deepl import AUTH_KEY, FakeDeepL  # noqa: E402

PASSWORD = "soak-password-halfway"  # noqa: S105 (members of a throwaway database)
POSTGRES = "postgres://postgres@127.0.0.1:5432"
REDIS = "redis://127.0.0.1:6379/7"
# Public addresses in several countries; members write from these, so none may be kept.
ADDRESSES = ["8.8.8.8", "114.114.114.114", "81.2.69.142", "200.147.67.142", "1.1.1.1",
             "223.5.5.5", "9.9.9.9", "2001:4860:4860::8888"]  # fmt: skip
WORDS_EN = ["cats", "dumplings", "weekend", "tea", "Shanghai", "music", "hiking", "books"]
WORDS_ZH = ["猫咪", "饺子", "周末", "喝茶", "上海", "音乐", "爬山", "看书"]
# What the site's limits say (posting pause, chat speed, translations, new members).
LIMIT_PHRASES = ("before posting again", "very fast", "in a short time", "Try again")
ACTIONS = {  # weight of each action in a client's loop
    "home": 25, "thread": 20, "search": 8, "reply": 10, "react": 10, "chat": 17, "translate": 10,
}  # fmt: skip

SETUP = """
import json, uuid
from datetime import timedelta
from allauth.account.models import EmailAddress
from accounts import services as accounts
from accounts.models import Member
from chat import services as chat
from forum import services as forum
from forum.models import Category
from moderation.content_rules import limits_lifted
count = {count}
members = []
for number in range(count):
    language = "zh-hans" if number % 2 else "en"
    member = Member.objects.create_user(
        username=f"soak{{number}}", email=f"soak{{number}}@example.com", password={password!r})
    EmailAddress.objects.create(user=member, email=member.email, verified=True, primary=True)
    accounts.start_membership(member=member, language=language, region_code=None)
    member.display_name = f"Soak {{number}}"
    # Members of two months' standing: the limits on brand-new members are not what is soaked.
    member.date_joined = member.date_joined - timedelta(days=60)
    member.save()
    members.append(member)
threads, conversations = [], []
with limits_lifted():
    for number in range(0, count, 2):
        author = members[number]
        thread = forum.start_thread(
            author=author, category=Category.objects.get(slug="daily-life"),
            title=f"Soak thread {{number}}" if number % 4 else f"浸泡测试 {{number}}",
            # Each text its own, so translation clicks keep reaching DeepL (the worker).
            body=(f"Who likes cats? Number {{number}}." if number % 4
                  else f"谁喜欢猫咪？第{{number}}个。"),
            region_code="US")
        threads.append([thread.pk, thread.posts.get().pk])
    for number in range(0, count, 2):
        one, other = members[number], members[number + 1]
        forum.follow_member(follower=one, member=other, follow=True)
        forum.follow_member(follower=other, member=one, follow=True)
        conversation = chat.direct_conversation(sender=one, recipient=other)
        conversations.append([conversation.pk, one.username, other.username])
print("SETUP " + json.dumps({{"threads": threads, "conversations": conversations}}))
"""


STORED = """
import json
from collections import Counter
from chat.models import Message
from forum.models import Post
from translation.models import Translation
print("STORED " + json.dumps({
    "messages": [str(value) for value in Message.objects.values_list("client_id", flat=True)],
    "replies": list(Post.objects.filter(number__gt=1).values_list("body", flat=True)),
    "translations": dict(Counter(Translation.objects.values_list("status", flat=True))),
}))
"""


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Site:
    def __init__(self, folder: Path, deepl: FakeDeepL):
        self.folder = folder
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "HALFWAY_"))},
            "DJANGO_SETTINGS_MODULE": "halfway.settings.base",
            "DATABASE_URL": f"{POSTGRES}/halfway_soak",
            "REDIS_URL": REDIS,
            "DATA_DIR": str(folder),
            "STATIC_ROOT": str(folder / "static"),
            "EMAIL_URL": f"file://{folder / 'mail'}",
            "ALLOWED_HOSTS": "127.0.0.1",
            "TRUSTED_PROXIES": "127.0.0.1",
            "DEEPL_AUTH_KEY": AUTH_KEY,
            "DEEPL_SERVER_URL": deepl.url,
            "LOG_LEVEL": "INFO",
        }
        self.env.pop("CELERY_BROKER_URL", None)
        self.processes: dict[str, subprocess.Popen] = {}
        self.logs: list[Path] = []

    def manage(self, *args: str) -> str:
        result = subprocess.run(
            [sys.executable, "manage.py", *args], cwd=ROOT, env=self.env,
            capture_output=True, text=True, timeout=600,
        )  # fmt: skip
        if result.returncode != 0:
            raise SystemExit(result.stdout + result.stderr)
        return result.stdout

    def spawn(self, name: str, command: list[str]) -> None:
        log = self.folder / f"{name}.log"
        self.logs.append(log)
        self.processes[name] = subprocess.Popen(
            command, cwd=ROOT, env=self.env, stdout=log.open("w"), stderr=subprocess.STDOUT
        )

    def start(self) -> None:
        self.spawn("web", [
            sys.executable, "-m", "uvicorn", "halfway.asgi:application", "--host", "127.0.0.1",
            "--port", str(self.port), "--workers", "2",
            # The site reads X-Forwarded-For itself (TRUSTED_PROXIES), as behind Caddy.
            "--no-proxy-headers",
        ])  # fmt: skip
        self.spawn("worker", [
            sys.executable, "-m", "celery", "-A", "halfway", "worker", "--loglevel", "INFO",
            "--concurrency", "2", "--without-gossip", "--without-mingle", "--without-heartbeat",
        ])  # fmt: skip
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            try:
                if requests.get(self.url + "/healthz", timeout=5).status_code == 200:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.3)
        raise SystemExit("the site did not become healthy")

    def resident_kib(self, name: str) -> int:
        """VmRSS of the process and its children (a uvicorn master and its workers)."""
        root = self.processes[name].pid
        children = subprocess.run(
            ["pgrep", "-P", str(root)], capture_output=True, text=True, check=False
        ).stdout.split()
        total = 0
        for pid in [root, *children]:
            try:
                status = Path(f"/proc/{pid}/status").read_text()
            except OSError:
                continue
            total += int(re.search(r"VmRSS:\s+(\d+)", status).group(1))
        return total

    def stop(self) -> None:
        for process in self.processes.values():
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in self.processes.values():
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()


def fresh_services() -> None:
    with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as admin:
        admin.execute('DROP DATABASE IF EXISTS "halfway_soak" WITH (FORCE)')
        admin.execute('CREATE DATABASE "halfway_soak"')
        # The planner setting docker-compose.yml gives the production server.
        admin.execute('ALTER DATABASE "halfway_soak" SET random_page_cost = 1.1')
    redis.Redis.from_url(REDIS).flushdb()


def sign_in(site: Site, username: str, address: str) -> requests.Session:
    session = requests.Session()
    session.headers["X-Forwarded-For"] = address
    page = session.get(f"{site.url}/accounts/login/", timeout=30)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    session.post(
        f"{site.url}/accounts/login/",
        data={"csrfmiddlewaretoken": token, "login": username, "password": PASSWORD},
        headers={"Referer": f"{site.url}/accounts/login/"},
        timeout=30,
    )
    session.headers["X-CSRFToken"] = session.cookies["csrftoken"]
    session.headers["Referer"] = site.url + "/"
    return session


class Tally:
    def __init__(self):
        self.lock = threading.Lock()
        self.statuses: dict[str, Counter] = defaultdict(Counter)
        self.latencies: dict[str, list[float]] = defaultdict(list)
        self.chat_sent: list[str] = []
        self.replies_sent: list[str] = []
        self.reply_posts: list[int] = []  # ids of the replies acknowledged, in order
        self.rate_limited = 0
        # Which action met which limit: "reply: before posting again", "chat: 429", …
        self.limited_by: Counter = Counter()
        self.errors: list[str] = []

    def record(self, action: str, answer: requests.Response, took: float) -> None:
        with self.lock:
            self.statuses[action][answer.status_code] += 1
            self.latencies[action].append(took)
            phrase = next((phrase for phrase in LIMIT_PHRASES if phrase in answer.text), None)
            if answer.status_code == 429 or phrase:
                self.rate_limited += 1
                self.limited_by[f"{action}: {phrase or answer.status_code}"] += 1
            elif answer.status_code >= 400 and len(self.errors) < 20:
                self.errors.append(f"{action} {answer.status_code} {answer.url}")


def client_loop(site, session, partner_conversation, world, tally, stop, seed):
    rng = random.Random(seed)
    actions, weights = zip(*ACTIONS.items(), strict=True)
    htmx = {"HX-Request": "true"}
    while not stop.is_set():
        action = rng.choices(actions, weights)[0]
        thread_id, post_id = rng.choice(world["threads"])
        started = time.monotonic()
        try:
            if action == "home":
                answer = session.get(site.url + "/", timeout=60)
            elif action == "thread":
                answer = session.get(f"{site.url}/t/{thread_id}/", timeout=60)
            elif action == "search":
                word = rng.choice(WORDS_EN + WORDS_ZH)
                answer = session.get(f"{site.url}/search/", params={"q": word}, timeout=60)
            elif action == "reply":
                body = f"{rng.choice(WORDS_EN)} {rng.choice(WORDS_ZH)} {uuid.uuid4().hex[:8]}"
                answer = session.post(
                    f"{site.url}/t/{thread_id}/reply/",
                    data={"body": body, "client_id": str(uuid.uuid4())},
                    allow_redirects=False,
                    timeout=60,
                )
                if answer.status_code == 302:
                    with tally.lock:
                        tally.replies_sent.append(body)
                        if found := re.search(r"/p/(\d+)/", answer.headers.get("Location", "")):
                            tally.reply_posts.append(int(found.group(1)))
            elif action == "react":
                answer = session.post(
                    f"{site.url}/p/{post_id}/react/",
                    data={"kind": "heart"},
                    headers=htmx,
                    timeout=60,
                )
                if answer.status_code == 403:  # one's own post: not an error of the site
                    continue
            elif action == "chat":
                client_id = str(uuid.uuid4())
                answer = session.post(
                    f"{site.url}/chat/{partner_conversation}/send/",
                    data={
                        "body": f"{rng.choice(WORDS_ZH)} {client_id[:6]}",
                        "client_id": client_id,
                    },
                    headers=htmx,
                    timeout=60,
                )
                # Refused (a limit, a form error): the composer comes back, retargeted.
                if answer.status_code == 200 and "HX-Retarget" not in answer.headers:
                    with tally.lock:
                        tally.chat_sent.append(client_id)
            else:
                # Mostly a recent reply (a new text: the worker asks DeepL), else an opening post
                # (translated once, then from the cache).
                with tally.lock:
                    recent = tally.reply_posts[-50:]
                if recent and rng.random() < 0.8:
                    post_id = rng.choice(recent)
                answer = session.post(
                    f"{site.url}/p/{post_id}/translate/", headers=htmx, timeout=60
                )
        except requests.RequestException as error:
            with tally.lock:
                tally.statuses[action]["exception"] += 1
                if len(tally.errors) < 20:
                    tally.errors.append(f"{action} {type(error).__name__}: {error}")
            continue
        tally.record(action, answer, time.monotonic() - started)
        time.sleep(rng.uniform(0.05, 0.3))  # a person's pace, many people at once


def listen_to_chat(site, sessions, stop, received):
    """A socket per member, as their open chat page keeps; counts chat frames by client id."""

    async def one(session):
        cookies = "; ".join(f"{name}={value}" for name, value in session.cookies.items())
        url = site.url.replace("http://", "ws://") + "/ws/"
        while not stop.is_set():
            try:
                async with websockets.connect(
                    url, additional_headers={"Cookie": cookies, "Origin": site.url}
                ) as socket:
                    while not stop.is_set():
                        try:
                            frame = json.loads(await asyncio.wait_for(socket.recv(), 1))
                        except TimeoutError:
                            continue
                        if frame.get("type") == "chat.message":
                            received[frame.get("client_id", "")] += 1
            except (OSError, websockets.WebSocketException):
                await asyncio.sleep(1)

    async def all_of_them():
        await asyncio.gather(*(one(session) for session in sessions))

    asyncio.run(all_of_them())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=30)
    parser.add_argument("--members", type=int, default=24, help="even; half are clients")
    parser.add_argument("--report", default=str(ROOT / "docs" / "benchmarks" / "soak.json"))
    arguments = parser.parse_args()
    folder = Path(os.environ.get("SOAK_DIR", ROOT / "var" / "soak"))
    subprocess.run(["rm", "-rf", str(folder)], check=True)
    folder.mkdir(parents=True)

    deepl = FakeDeepL().start()
    deepl.behaviour.delay_seconds = 0.1
    fresh_services()
    site = Site(folder, deepl)
    site.manage("migrate", "--noinput", "-v0")
    site.manage("collectstatic", "--noinput", "-v0")
    output = site.manage("shell", "-c", SETUP.format(count=arguments.members, password=PASSWORD))
    world = json.loads(output.split("SETUP ", 1)[1])
    site.start()
    print(f"site up at {site.url}; load for {arguments.minutes} minutes", flush=True)

    tally, stop, received = Tally(), threading.Event(), Counter()
    clients, listeners = [], []
    for index, (conversation, one, other) in enumerate(world["conversations"]):
        clients.append((sign_in(site, one, ADDRESSES[index % len(ADDRESSES)]), conversation))
        listeners.append(sign_in(site, other, ADDRESSES[(index + 3) % len(ADDRESSES)]))
    threads = [
        threading.Thread(
            target=client_loop,
            args=(site, session, conversation, world, tally, stop, index),
            daemon=True,
        )
        for index, (session, conversation) in enumerate(clients)
    ]
    threads.append(
        threading.Thread(target=listen_to_chat, args=(site, listeners, stop, received), daemon=True)
    )
    started = time.monotonic()
    for thread in threads:
        thread.start()
    memory = []  # (seconds, web KiB, worker KiB)
    duration = arguments.minutes * 60
    while time.monotonic() - started < duration:
        time.sleep(min(30, max(1, duration / 20)))
        sample = (
            round(time.monotonic() - started),
            site.resident_kib("web"),
            site.resident_kib("worker"),
        )
        memory.append(sample)
        done = sum(sum(counter.values()) for counter in tally.statuses.values())
        print(f"{sample[0]:>5} s  requests {done}  web {sample[1] // 1024} MiB  "
              f"worker {sample[2] // 1024} MiB", flush=True)  # fmt: skip
    stop.set()
    for thread in threads:
        thread.join(timeout=60)
    time.sleep(5)  # the last frames and translations land

    stored = site.manage("shell", "-c", STORED)
    stored = json.loads(stored.split("STORED ", 1)[1])
    site.stop()
    scan = subprocess.run(
        [sys.executable, "manage.py", "scan_for_addresses",
         *[part for log in site.logs for part in ("--log", str(log))],
         *[part for address in ADDRESSES for part in ("--address", address)]],
        cwd=ROOT, env=site.env, capture_output=True, text=True, timeout=1800,
    )  # fmt: skip
    deepl.stop()

    stored_messages = Counter(stored["messages"])
    chat_once = all(stored_messages[client_id] == 1 for client_id in tally.chat_sent)
    replies_once = sorted(tally.replies_sent) == sorted(stored["replies"])
    delivered = sum(1 for client_id in tally.chat_sent if received[client_id] >= 1)
    errors = {
        action: {str(code): count for code, count in counter.items()}
        for action, counter in tally.statuses.items()
    }
    bad = sum(
        count
        for counter in tally.statuses.values()
        for code, count in counter.items()
        if code == "exception" or (code >= 400 and code not in (403, 429))
    )
    fifth = max(1, len(memory) // 5)
    early = memory[1 : 1 + fifth] or memory[:1]
    late = memory[-fifth:]
    growth = {
        name: (statistics.mean(s[i] for s in late) / statistics.mean(s[i] for s in early) - 1)
        for name, i in (("web", 1), ("worker", 2))
    }
    report = {
        "command": " ".join(sys.argv),
        "minutes": arguments.minutes,
        "clients": len(clients),
        "requests": sum(sum(counter.values()) for counter in tally.statuses.values()),
        "answers": errors,
        "error_answers": bad,
        "rate_limited": tally.rate_limited,
        "rate_limited_by": dict(tally.limited_by.most_common()),
        "first_errors": tally.errors,
        "latency_ms_p50_p95": {
            action: [
                round(1000 * statistics.median(times)),
                round(1000 * statistics.quantiles(times, n=20)[-1]) if len(times) > 1 else 0,
            ]
            for action, times in tally.latencies.items()
        },
        "chat_acknowledged": len(tally.chat_sent),
        "chat_stored_exactly_once": chat_once,
        "chat_delivered_live": delivered,
        "replies_acknowledged": len(tally.replies_sent),
        "replies_stored_exactly_once": replies_once,
        "translations": stored["translations"],
        "deepl_requests": len(deepl.translate_requests),
        "memory_kib": memory,
        "memory_growth": {name: round(value, 3) for name, value in growth.items()},
        "address_scan": (scan.stdout + scan.stderr).strip().splitlines()[-3:],
        "address_scan_clean": scan.returncode == 0,
    }
    Path(arguments.report).parent.mkdir(parents=True, exist_ok=True)
    Path(arguments.report).write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    print(json.dumps({k: v for k, v in report.items() if k != "memory_kib"}, indent=2,
                     ensure_ascii=False))  # fmt: skip
    passed = (
        bad == 0
        and chat_once
        and replies_once
        and report["address_scan_clean"]
        and all(value < 0.2 for value in growth.values())
    )
    print("SOAK PASSED" if passed else "SOAK FAILED")
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
