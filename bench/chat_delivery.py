"""Chat delivery through the real site as production runs it (deploy/start): the `web` role
(gunicorn, 2 workers) answers the sends, two `ws` processes (uvicorn) hold the sockets, 200
members connected by WebSocket (half to each), 100 one-to-one conversations. The time runs
from just before a sender's POST to the recipient's socket frame.

    DATA_DIR=/tmp/bench-chat .venv/bin/python bench/chat_delivery.py
    DATA_DIR=/tmp/bench-chat-redis DATABASE_URL=postgres://postgres@127.0.0.1:5432/halfway_bench \\
      REDIS_URL=redis://127.0.0.1:6379/5 .venv/bin/python bench/chat_delivery.py

`--pairs 500` connects 1,000 sockets instead of 200; `--web-workers 0` runs the web role with
its production default (WEB_CONCURRENCY, else two per core and one) instead of 2.

Phase 1 (latency): a steady 20 messages/s in all (`--rate`) for 30 s (`--steady-seconds`).
Phase 2 (throughput): 32 threads send as fast as the site answers for 20 s (`--burst-seconds`).
"""

import asyncio
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests
import websockets

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ["DJANGO_SETTINGS_MODULE"] = "bench.bench_settings"
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1")
# Pairs of members (two sockets each): `--pairs 500` for 1,000 connected sockets.


def option(name: str, default: int) -> int:
    return int(sys.argv[sys.argv.index(name) + 1]) if name in sys.argv else default


PAIRS = option("--pairs", 100)
RATE = option("--rate", 20)
STEADY_SECONDS = option("--steady-seconds", 30)
BURST_SECONDS = option("--burst-seconds", 20)
# The web role's processes: 2 as issue 20 measured; 0 for deploy/gunicorn.conf.py's default
# (WEB_CONCURRENCY, or two per core and one).
WEB_WORKERS = option("--web-workers", 2)
CSRF = "benchmarkbenchmarkbenchmarkbench"  # 32 characters: a valid unmasked CSRF secret


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def prepare() -> list[dict]:
    """Members, conversations and signed-in sessions (made directly, not through the form)."""
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, check=True)
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from accounts.models import Member
    from chat import services
    from forum import services as forum_services

    def session_for(member) -> str:
        store = SessionStore()
        store[SESSION_KEY] = str(member.pk)
        store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
        store[HASH_SESSION_KEY] = member.get_session_auth_hash()
        store.create()
        return store.session_key

    pairs = []
    run = uuid.uuid4().hex[:6]
    for number in range(PAIRS):
        sender = Member.objects.create_user(f"s{run}{number}", password=None)
        recipient = Member.objects.create_user(f"r{run}{number}", password=None)
        forum_services.follow_member(follower=recipient, member=sender, follow=True)
        conversation = services.direct_conversation(sender=sender, recipient=recipient)
        pairs.append(
            {
                "conversation": conversation.pk,
                "sender_session": session_for(sender),
                "recipient_session": session_for(recipient),
            }
        )
    return pairs


def start_web(port: int) -> subprocess.Popen:
    """deploy/start web: gunicorn's sync workers (WEB_WORKERS; 0: the role's default)."""
    workers = ["--workers", str(WEB_WORKERS)] if WEB_WORKERS else []
    return subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "halfway.wsgi:application",
         "--config", "deploy/gunicorn.conf.py", "--bind", f"127.0.0.1:{port}", *workers],
        cwd=ROOT, env=os.environ.copy(),
    )  # fmt: skip


def start_ws(port: int) -> subprocess.Popen:
    """deploy/start ws: uvicorn for the sockets."""
    return subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "halfway.asgi:application", "--host", "127.0.0.1",
         "--port", str(port), "--no-access-log", "--log-level", "warning", "--no-proxy-headers"],
        cwd=ROOT, env=os.environ.copy(),
    )  # fmt: skip


def wait_healthy(url: str) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if requests.get(url + "/healthz", timeout=5).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.2)
    raise SystemExit(f"{url} did not become healthy")


class Receivers:
    """200 sockets; the recipients' frames are timed by the message's client id."""

    def __init__(self):
        self.received: dict[str, float] = {}
        self.lock = threading.Lock()
        self.ready = threading.Event()
        self.stop = asyncio.Event()
        # Frames a page would have to fetch: numbers skipped in a socket's event stream.
        self.skipped = 0

    async def listen(self, url: str, session: str, counts: bool, opened: list) -> None:
        # The page's own origin (scheme, host and port), as the site checks it exactly.
        origin = url.replace("ws://", "http://").removesuffix("/ws/")
        headers = {"Cookie": f"sessionid={session}", "Origin": origin}
        # A few handshakes at a time: 1,000 at once on a loaded machine ran past the client's
        # opening timeout, and the benchmark waited for sockets that had failed.
        async with self.opening:
            ws = await websockets.connect(
                url, additional_headers=headers, max_queue=None, open_timeout=60
            )
        async with ws:
            opened.append(1)
            last = None
            while True:
                frame = json.loads(await ws.recv())
                seq = frame.get("seq")
                if isinstance(seq, int) and frame.get("type") != "pong":
                    if last is not None and seq > last + 1 and frame["type"] != "socket.hello":
                        self.skipped += seq - last - 1
                    last = seq if last is None else max(last, seq)
                if counts and frame.get("type") == "chat.message":
                    with self.lock:
                        self.received.setdefault(frame["client_id"], time.time())

    async def run(self, pairs, ws_urls) -> None:
        opened: list = []
        tasks = []
        for index, pair in enumerate(pairs):
            # The recipient on one process, the sender's own socket on the other.
            recipient_url, sender_url = ws_urls[index % 2], ws_urls[(index + 1) % 2]
            tasks.append(self.listen(recipient_url, pair["recipient_session"], True, opened))
            tasks.append(self.listen(sender_url, pair["sender_session"], False, opened))
        self.opening = asyncio.Semaphore(50)
        gathered = asyncio.gather(*tasks)
        while len(opened) < len(tasks):
            if gathered.done():
                gathered.result()  # a socket failed to open: say why
            await asyncio.sleep(0.1)
        self.ready.set()
        await gathered


def sender_session(pair) -> requests.Session:
    session = requests.Session()
    session.cookies.set("sessionid", pair["sender_session"])
    session.cookies.set("csrftoken", CSRF)
    session.headers.update({"X-CSRFToken": CSRF, "HX-Request": "true"})
    return session


POST_SECONDS: list[float] = []


def send(session, base_url, pair, sent: dict) -> None:
    client_id = str(uuid.uuid4())
    sent[client_id] = time.time()
    began = time.monotonic()
    try:
        response = session.post(
            f"{base_url}/chat/{pair['conversation']}/send/",
            data={"body": f"benchmark {client_id[:8]}", "client_id": client_id},
            timeout=30,
        )
    except requests.RequestException as error:
        print("send failed:", type(error).__name__, flush=True)
        sent.pop(client_id, None)
        return
    POST_SECONDS.append(time.monotonic() - began)
    if response.status_code != 200 or "composer" in response.headers.get("HX-Retarget", ""):
        print("send failed", response.status_code, response.text[:200], flush=True)


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) used so far by a process and every process below it (Linux):
    a steadier yardstick of a send's cost than latency on a shared machine."""
    children: dict[int, list[int]] = {}
    times: dict[int, float] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rpartition(")")[2].split()
        except OSError:  # the process ended meanwhile
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
        times[int(stat.parent.name)] = (int(fields[11]) + int(fields[12])) / os.sysconf(
            "SC_CLK_TCK"
        )
    total, waiting = 0.0, [pid]
    while waiting:
        each = waiting.pop()
        total += times.get(each, 0.0)
        waiting += children.get(each, [])
    return total


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def report(name, sent, receivers, seconds=None):
    latencies = [
        (receivers.received[key] - started) * 1000
        for key, started in sent.items()
        if key in receivers.received
    ]
    lost = len(sent) - len(latencies)
    line = (
        f"{name}: sent {len(sent)}, delivered {len(latencies)}, lost {lost}; "
        f"p50 {percentile(latencies, 0.5):.0f} ms, p95 {percentile(latencies, 0.95):.0f} ms, "
        f"max {max(latencies):.0f} ms, mean {statistics.mean(latencies):.0f} ms"
    )
    if seconds:
        line += f"; {len(latencies) / seconds:.0f} messages/s delivered"
    print(line, flush=True)


def main() -> None:
    pairs = prepare()
    web_port, ws_ports = free_port(), [free_port(), free_port()]
    webs = [start_web(web_port)] + [start_ws(port) for port in ws_ports]
    try:
        web_url = f"http://127.0.0.1:{web_port}"
        for url in [web_url] + [f"http://127.0.0.1:{port}" for port in ws_ports]:
            wait_healthy(url)
        receivers = Receivers()
        loop = asyncio.new_event_loop()
        ws_urls = [f"ws://127.0.0.1:{port}/ws/" for port in ws_ports]
        threading.Thread(
            target=lambda: loop.run_until_complete(receivers.run(pairs, ws_urls)), daemon=True
        ).start()
        opening = time.monotonic()
        # A loaded machine (the benchmark shares it) takes a while to open 1,000.
        if not receivers.ready.wait(300):
            raise SystemExit("sockets did not open")
        print(
            f"{len(pairs) * 2} sockets open on 2 ws processes "
            f"in {time.monotonic() - opening:.0f} s",
            flush=True,
        )
        sessions = [sender_session(pair) for pair in pairs]

        # Phase 1: a steady rate.
        web_cpu, ws_cpu = cpu_seconds(webs[0].pid), sum(cpu_seconds(ws.pid) for ws in webs[1:])
        sent: dict[str, float] = {}
        with ThreadPoolExecutor(max_workers=max(8, RATE // 2)) as pool:
            started = time.monotonic()
            for tick in range(RATE * STEADY_SECONDS):
                index = tick % PAIRS
                # Through the web role; the recipient's socket is on a ws process.
                pool.submit(send, sessions[index], web_url, pairs[index], sent)
                time.sleep(max(0, started + (tick + 1) / RATE - time.monotonic()))
        time.sleep(3)
        report(f"steady {RATE} messages/s for {STEADY_SECONDS} s", sent, receivers)
        posts = [seconds * 1000 for seconds in POST_SECONDS]
        print(
            f"  send POST answered in p50 {percentile(posts, 0.5):.0f} ms, "
            f"p95 {percentile(posts, 0.95):.0f} ms",
            flush=True,
        )
        POST_SECONDS.clear()
        web_ms = 1000 * (cpu_seconds(webs[0].pid) - web_cpu) / len(sent)
        ws_ms = 1000 * (sum(cpu_seconds(ws.pid) for ws in webs[1:]) - ws_cpu) / len(sent)
        print(f"  CPU per message: web role {web_ms:.1f} ms, ws role {ws_ms:.1f} ms", flush=True)

        # Phase 2: as fast as it goes.
        burst: dict[str, float] = {}
        deadline = time.monotonic() + BURST_SECONDS

        def keep_sending(worker: int) -> None:
            index = worker
            while time.monotonic() < deadline:
                send(sessions[index], web_url, pairs[index], burst)
                index = (index + 32) % PAIRS

        began = time.monotonic()
        with ThreadPoolExecutor(max_workers=32) as pool:
            list(pool.map(keep_sending, range(32)))
        elapsed = time.monotonic() - began
        time.sleep(5)
        report("as fast as possible (32 senders)", burst, receivers, elapsed)
        print(f"send requests answered: {len(burst) / elapsed:.0f}/s", flush=True)
        print(f"frames skipped in a socket's stream (a page fetches them): {receivers.skipped}")
    finally:
        for web in webs:
            web.send_signal(signal.SIGTERM)
        for web in webs:
            try:
                web.wait(timeout=20)
            except subprocess.TimeoutExpired:  # still draining a backlog: the figures are in
                web.kill()


if __name__ == "__main__":
    main()
