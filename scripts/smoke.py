"""Production as shipped, end to end: `make smoke`.

Run by the Python of a virtualenv made from requirements.txt alone (never the dev file), with
the production settings module, on PostgreSQL and Redis, through the same `deploy/start`
commands the Dockerfile and docker-compose.yml run:

- build (static files, catalogs), migrate, `check --deploy`, seed_demo;
- two web processes (gunicorn, the pages), one ws process (uvicorn, the realtime socket), one
  worker and beat start, and /healthz answers 200 on each web and ws process;
- a member signs up on one web process and the worker delivers the confirmation e-mail through
  the Redis broker; its link opens;
- a chat message sent through a web process arrives live on a socket of the ws process,
  connected directly to its port with that port's own Origin (the proxy's split by path,
  deploy/Caddyfile, is not part of this check);
- everything stops on SIGTERM with exit status 0, and no process logged a traceback.

Plain HTTP is allowed here by HTTPS=false (a README variable). It makes a PostgreSQL database
of its own and drops it; it uses REDIS_URL's database with a key prefix of its own, so no
other Halfway worker may consume the same Redis database while it runs.
"""

import asyncio
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import psycopg
import requests
import websockets

ROOT = Path(__file__).resolve().parents[1]
DEMO_PASSWORD = "halfway-demo"  # noqa: S105  (demo/members.py: demo data only)
STARTED = time.monotonic()


def step(text: str) -> None:
    print(f"[{time.monotonic() - STARTED:6.1f} s] {text}", flush=True)


def fail(text: str) -> None:
    print(f"SMOKE FAILED: {text}", file=sys.stderr, flush=True)
    raise SystemExit(1)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Site:
    def __init__(self, folder: Path):
        self.folder = folder
        self.name = f"halfway_smoke_{secrets.token_hex(4)}"
        base = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/halfway")
        self.server_url = base.rsplit("/", 1)[0]
        self.env = {
            **{key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")},
            "DJANGO_SETTINGS_MODULE": "halfway.settings.production",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "DATABASE_URL": f"{self.server_url}/{self.name}",
            "REDIS_URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"),
            "CHANNEL_LAYER_PREFIX": self.name,
            "ALLOWED_HOSTS": "127.0.0.1",
            "HTTPS": "false",
            "EMAIL_URL": f"file://{folder / 'mail'}",
            "MEDIA_ROOT": str(folder / "media"),
            "STATIC_ROOT": str(folder / "static"),
            "DATA_DIR": str(folder / "data"),
            "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
        }
        self.env.pop("DEEPL_AUTH_KEY", None)
        self.processes: list[tuple[str, subprocess.Popen, Path]] = []

    def create_database(self) -> None:
        with psycopg.connect(f"{self.server_url}/postgres", autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{self.name}"')

    def drop_database(self) -> None:
        with psycopg.connect(f"{self.server_url}/postgres", autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')

    def run(self, *command: str, **env: str) -> str:
        result = subprocess.run(
            command,
            cwd=ROOT,
            env={**self.env, **env},
            capture_output=True,
            text=True,
            timeout=300,
        )
        if result.returncode != 0:
            fail(f"{' '.join(command)} exited with {result.returncode}:\n{result.stdout}"
                 f"{result.stderr}")  # fmt: skip
        return result.stdout + result.stderr

    def start(self, name: str, *command: str) -> subprocess.Popen:
        log = self.folder / f"{name}.log"
        with log.open("w") as output:
            process = subprocess.Popen(
                command, cwd=ROOT, env=self.env, stdout=output, stderr=subprocess.STDOUT
            )
        self.processes.append((name, process, log))
        return process

    def stop(self) -> list[str]:
        """SIGTERM to each main process, as compose and systemd send; what went wrong."""
        problems = []
        for _name, process, _log in self.processes:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for name, process, log in self.processes:
            try:
                code = process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                problems.append(f"{name} did not stop within 30 s of SIGTERM")
                continue
            # uvicorn shuts down gracefully, then raises the signal it caught again, as a
            # process stopped by a signal should: -15 is its clean exit.
            if code not in (0, -signal.SIGTERM):
                problems.append(f"{name} exited with {code}")
            text = log.read_text(errors="replace")
            if "Traceback" in text:
                problems.append(f"{name} logged a traceback:\n{text[-3000:]}")
        return problems


def wait_healthy(url: str, site: Site, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    last = None
    while time.monotonic() < deadline:
        for name, process, log in site.processes:
            if process.poll() is not None:
                fail(f"{name} exited with {process.returncode}:\n{log.read_text()[-3000:]}")
        try:
            answer = requests.get(url + "/healthz", timeout=5)
            if answer.status_code == 200:
                return
            last = f"{answer.status_code} {answer.text[:300]}"
        except requests.RequestException as error:
            last = repr(error)
        time.sleep(0.2)
    fail(f"{url}/healthz did not answer 200 within {seconds} s (last: {last})")


def csrf_token(session: requests.Session, url: str) -> str:
    page = session.get(url, timeout=10)
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    if page.status_code != 200 or match is None:
        fail(f"GET {url} gave {page.status_code} without a form")
    return match.group(1)


def sign_up_and_confirm(site: Site, web: str) -> None:
    address = f"smoke-{secrets.token_hex(3)}@example.com"
    session = requests.Session()
    token = csrf_token(session, f"{web}/accounts/signup/")
    answer = session.post(
        f"{web}/accounts/signup/",
        data={
            "csrfmiddlewaretoken": token,
            "username": "smoke_" + address[6:12],
            "email": address,
            "password1": "a smoke test's password 42",
            "password2": "a smoke test's password 42",
        },
        allow_redirects=False,
        timeout=15,
    )
    if answer.status_code != 302:
        fail(f"sign-up answered {answer.status_code}: {answer.text[:500]}")
    mail = site.folder / "mail"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        letters = [path.read_text() for path in mail.glob("*.log")] if mail.exists() else []
        found = [text for text in letters if f"To: {address}" in text]
        if found:
            break
        time.sleep(0.1)
    else:
        fail(f"no confirmation e-mail reached {address} within 30 s (the worker sends it)")
    step(f"confirmation e-mail delivered by the worker to {address}")
    link = re.search(r"(http://\S+/accounts/confirm-email/\S+/)", found[-1])
    if link is None:
        fail(f"the confirmation e-mail has no link:\n{found[-1]}")
    if session.get(link.group(1), timeout=10).status_code != 200:
        fail(f"the confirmation link {link.group(1)} does not open")


def signed_in(web: str, username: str) -> requests.Session:
    session = requests.Session()
    token = csrf_token(session, f"{web}/accounts/login/")
    answer = session.post(
        f"{web}/accounts/login/",
        data={"csrfmiddlewaretoken": token, "login": username, "password": DEMO_PASSWORD},
        allow_redirects=False,
        timeout=15,
    )
    if answer.status_code != 302:
        fail(f"{username} could not sign in: {answer.status_code}")
    session.headers["X-CSRFToken"] = session.cookies["csrftoken"]
    return session


async def chat_across_processes(sending_web: str, receiving_web: str, ws: str) -> list[float]:
    """Marcus writes to 老王 through a web process; 老王's socket is on the ws process."""
    sender = signed_in(sending_web, "marcus_nyc")
    recipient = signed_in(receiving_web, "laowang_cd")
    opened = sender.get(f"{sending_web}/chat/with/laowang_cd/", timeout=15)
    match = re.search(r"/chat/(\d+)/$", opened.url)
    if opened.status_code != 200 or match is None:
        fail(f"opening the conversation gave {opened.status_code} at {opened.url}")
    socket_url = ws.replace("http://", "ws://") + "/ws/"
    headers = {
        "Cookie": f"sessionid={recipient.cookies['sessionid']}",
        # The ws process's own address: behind the proxy, page and socket share one origin.
        "Origin": ws,
    }
    seconds = []
    async with websockets.connect(socket_url, additional_headers=headers) as connection:
        # The socket says hello (with the member's newest event number) as it opens.
        if json.loads(await asyncio.wait_for(connection.recv(), 10)).get("type") != "socket.hello":
            fail("the socket did not say hello")
        await connection.send(json.dumps({"type": "ping"}))
        if json.loads(await asyncio.wait_for(connection.recv(), 10)).get("type") != "pong":
            fail("the socket did not answer a ping")
        # Twice: the first message also pays for loading each process's language detector.
        for text in ("Smoke test: 你好 from the other process", "And a second one"):
            client_id = str(uuid.uuid4())
            began = time.monotonic()
            answer = await asyncio.to_thread(
                sender.post,
                f"{sending_web}/chat/{match.group(1)}/send/",
                data={"body": text, "client_id": client_id},
                headers={"HX-Request": "true"},
                timeout=15,
            )
            if answer.status_code != 200 or "HX-Retarget" in answer.headers:
                fail(f"sending the message gave {answer.status_code}: {answer.text[:500]}")
            while True:
                frame = json.loads(await asyncio.wait_for(connection.recv(), 15))
                if frame.get("type") == "chat.message" and frame.get("client_id") == client_id:
                    seconds.append(time.monotonic() - began)
                    break
    return seconds


# Every module of the project imports in this virtualenv: a dependency that only the dev file
# installs fails here even where no step below reaches the module.
IMPORT_EVERY_MODULE = """
import importlib, pathlib, django
django.setup()
apps = ["halfway", "core", "regions", "accounts", "translation", "forum", "chat", "moderation",
        "community", "demo"]
for app in apps:
    for path in sorted(pathlib.Path(app).rglob("*.py")):
        if "settings" not in path.parts:
            importlib.import_module(".".join(path.with_suffix("").parts))
"""


def main() -> None:
    folder = Path(tempfile.mkdtemp(prefix="halfway-smoke-"))
    site = Site(folder)
    site.create_database()
    step(f"database {site.name}; Python {sys.executable}")
    try:
        for role in ("build", "migrate"):
            site.run("deploy/start", role)
            step(f"deploy/start {role}")
        # As deployed: HTTPS (the default in production); only this check's own serving is HTTP.
        site.run("python", "-c", IMPORT_EVERY_MODULE)
        step("every module of the project imports")
        site.run("python", "manage.py", "check", "--deploy", "--fail-level", "WARNING",
                 HTTPS="true")  # fmt: skip
        step("check --deploy (HTTPS=true): no issues")
        step(site.run("python", "manage.py", "seed_demo").strip())
        webs = []
        for number in (1, 2):
            port = free_port()
            site.start(f"web{number}", "deploy/start", "web", "--bind", f"127.0.0.1:{port}",
                       "--workers", "2")  # fmt: skip
            webs.append(f"http://127.0.0.1:{port}")
        port = free_port()
        site.start("ws", "deploy/start", "ws", "--host", "127.0.0.1", "--port", str(port))
        ws = f"http://127.0.0.1:{port}"
        # One worker, taking every queue, and the periodic jobs.
        site.start("worker", "deploy/start", "worker", "--concurrency", "1")
        site.start("beat", "deploy/start", "beat", "--schedule", str(folder / "beat-schedule"))
        for url in (*webs, ws):
            wait_healthy(url, site)
        step(f"/healthz answers 200 on web {webs[0]} and {webs[1]}, and on ws {ws}")
        sign_up_and_confirm(site, webs[0])
        seconds = asyncio.run(chat_across_processes(webs[0], webs[1], ws))
        step(
            "chat messages sent through web1 arrived live on the ws process's socket in "
            + " and ".join(f"{value:.3f} s" for value in seconds)
        )
    finally:
        problems = site.stop()
        site.drop_database()
        shutil.rmtree(folder, ignore_errors=True)
    if problems:
        fail("\n".join(problems))
    step("the web and ws processes, the worker and beat stopped cleanly; smoke passed")


if __name__ == "__main__":
    main()
