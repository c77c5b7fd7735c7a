"""Browser tests: Debian's Chromium, driven by Playwright, against a real uvicorn server and a
real Celery worker started once per test process, on a database of their own.

The server runs the same settings module people run (`halfway.settings.base`) in whichever
mode the environment chooses: SQLite and the embedded broker and layer on a fresh machine,
PostgreSQL and Redis when DATABASE_URL and REDIS_URL are set (as in CI).

It is `make run`'s one-address server (halfway.asgi): pages through the WSGI application that
production's gunicorn serves (run by a2wsgi), the socket through the ASGI application that
production's `ws` role serves. Production puts the two on separate servers behind a
proxy that splits by path; a browser test has no proxy, so it keeps one address, and
tests/halfway/test_deploy_roles.py starts the two production roles themselves.
"""

import json
import os
import select
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
import pytest
import redis
from django.conf import settings
from playwright.sync_api import sync_playwright

from tests.fakes.deepl import AUTH_KEY as DEEPL_KEY
from tests.fakes.deepl import FakeDeepL
from tests.fakes.push import vapid_keys

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PASSWORD = "browser-test-password"
VAPID_PUBLIC, VAPID_PRIVATE = vapid_keys()  # the test sites' push keys
REDIS_SERVER = shutil.which("redis-server")
# `HALFWAY_BROWSER_THEME=dark make test` runs every browser test on devices set to dark, and
# saves each page's screenshot as <name>-dark.png: every page, seen in the dark theme.
COLOR_SCHEME = os.environ.get("HALFWAY_BROWSER_THEME", "light")
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def web_process(port: int, env: dict, log=None) -> subprocess.Popen:
    """uvicorn as `make run` and production's `ws` role run it (pages and socket on one
    address); its output goes to `log` (an open file) if given."""
    return subprocess.Popen(
        [
            sys.executable, "-m", "uvicorn", "halfway.asgi:application",
            "--host", "127.0.0.1", "--port", str(port),
            "--no-access-log", "--no-proxy-headers", "--log-level", "warning",
        ],
        cwd=ROOT, env=env, stdout=log, stderr=log,
    )  # fmt: skip


@dataclass
class LiveSite:
    url: str
    env: dict
    data_dir: Path
    processes: list = field(default_factory=list)
    shell: subprocess.Popen | None = None  # run_python's, started on first use

    def manage(self, *args: str) -> str:
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        if result.returncode != 0:
            raise RuntimeError(result.stdout + result.stderr)
        return result.stdout

    def run_python(self, code: str) -> str:
        """Run Django code against the site's database (for setting up background data), as
        `manage.py shell -c` would, in one shell process kept for the test process
        (tests/browser/site_shell.py); return what it printed."""
        if self.shell is None or self.shell.poll() is not None:
            self.shell = subprocess.Popen(
                [sys.executable, "-m", "tests.browser.site_shell"],
                cwd=ROOT,
                env=self.env,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                text=True,
            )
        self.shell.stdin.write(json.dumps(code) + "\n")
        self.shell.stdin.flush()
        ready, _, _ = select.select([self.shell.stdout], [], [], 120)
        answer = self.shell.stdout.readline() if ready else ""
        if not answer:
            self.shell.kill()
            raise RuntimeError(f"the site's shell did not answer:\n{code}")
        answer = json.loads(answer)
        if not answer["ok"]:
            raise RuntimeError(answer["output"])
        return answer["output"]

    def create_member(self, username: str, *, language: str = "en", **profile) -> None:
        """A verified member who can log in with PASSWORD (set up through account services)."""
        self.run_python(
            "from allauth.account.models import EmailAddress\n"
            "from accounts import services\n"
            "from accounts.models import Member\n"
            f"member = Member.objects.create_user(username={username!r}, "
            f"email={username + '@example.com'!r}, password={PASSWORD!r})\n"
            "EmailAddress.objects.create(user=member, email=member.email, verified=True, "
            "primary=True)\n"
            f"services.start_membership(member=member, language={language!r}, region_code=None)\n"
            f"member.display_name = {profile.pop('display_name', username)!r}\n"
            + "".join(f"member.{field} = {value!r}\n" for field, value in profile.items())
            + "member.save()\n"
        )

    def close_shell(self) -> None:
        """End run_python's shell (it ends at the end of its input), before the site stops."""
        if self.shell is not None:
            self.shell.stdin.close()
            try:
                self.shell.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.shell.kill()
            self.shell = None

    def another_web_process(self, **settings: str) -> str:
        """Start a second web process of the same site (same database, broker and channel
        layer) and return its address: what `--scale web=3` does in production. `settings`
        are environment variables of its own (e.g. MODERATION_POSTING_LIMITS="true")."""
        port = free_port()
        process = web_process(port, {**self.env, **settings})
        self.processes.append(process)
        url = f"http://127.0.0.1:{port}"
        _wait_until_healthy(url, [process])
        return url

    def emails(self) -> list[str]:
        folder = self.data_dir / "mail"
        return [path.read_text() for path in sorted(folder.glob("*.log"))]

    def wait_for_email(self, address: str, seconds: float = 15) -> str:
        """Return the email the worker delivered to `address` (it is sent off the request)."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            found = [text for text in self.emails() if f"To: {address}" in text]
            if found:
                return found[-1]
            time.sleep(0.1)
        raise AssertionError(f"no email reached {address} within {seconds} s")


def _postgres_url_for(purpose: str) -> str | None:
    """A fresh, empty PostgreSQL database of this test process's own (None when the suite
    runs embedded): named by the run and the process, so two runs never share one."""
    base = os.environ.get("DATABASE_URL")
    if not base:
        return None
    name = f"halfway_{purpose}_{settings.TEST_PROCESS}"
    admin_url = base.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
    return base.rsplit("/", 1)[0] + "/" + name


def _drop_postgres_database(url: str) -> None:
    base, name = url.rsplit("/", 1)
    with psycopg.connect(base + "/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


class PrivateRedis:
    """A redis-server of the test's own, stopped and started again on the same port."""

    def __init__(self, folder: Path):
        self.port = free_port()
        self.folder = folder
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [REDIS_SERVER, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", str(self.folder)],
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
        client = redis.Redis(port=self.port, socket_connect_timeout=0.5)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                if client.ping():
                    return
            except redis.ConnectionError:
                time.sleep(0.05)
        raise RuntimeError("the private redis-server did not start")

    def stop(self) -> None:
        if self.process is not None:
            self.process.send_signal(signal.SIGTERM)
            self.process.wait(timeout=10)
            self.process = None


def _wait_until_healthy(url: str, processes, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    last = None
    while time.monotonic() < deadline:
        for process in processes:
            if process.poll() is not None:
                raise RuntimeError(f"a site process exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url + "/healthz", timeout=5) as response:
                if response.status == 200:
                    return
        except urllib.error.HTTPError as error:
            last = json.load(error)
        except OSError as error:
            last = error
        time.sleep(0.2)
    raise RuntimeError(f"the site did not become healthy: {last}")


@pytest.fixture(scope="session")
def site_deepl():
    """The DeepL fake the browser tests' site calls (apart from the unit tests' one)."""
    server = FakeDeepL().start()
    yield server
    server.stop()


@pytest.fixture
def deepl_server(site_deepl):
    """In browser tests, the site's fake, reset before and after each test. It keeps its
    glossaries, as DeepL does: the site's database (shared by the tests) still names them."""
    site_deepl.behaviour.reset(forget_glossaries=False)
    yield site_deepl
    site_deepl.behaviour.reset(forget_glossaries=False)


def site_environment(data_dir: Path, deepl_url: str) -> dict:
    """The environment of a site a test starts: this one's, minus the test run's own
    settings, with its own folder, and its worker calling the DeepL fake at `deepl_url`."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("PYTEST", "DJANGO_", "HALFWAY_"))
    }
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "halfway.settings.base",
            "DATA_DIR": str(data_dir),
            "STATIC_ROOT": str(data_dir / "static"),
            "EMAIL_URL": f"file://{data_dir / 'mail'}",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            # The site's worker calls the test run's DeepL fake with the real client.
            "DEEPL_AUTH_KEY": DEEPL_KEY,
            "DEEPL_SERVER_URL": deepl_url,
            # Tests post as members who joined seconds ago, faster than anyone types; the
            # limits themselves are tested in tests/moderation.
            "MODERATION_POSTING_LIMITS": "false",
            # Push to the tests' fake push service (tests/fakes/push.py) on loopback.
            "VAPID_PUBLIC_KEY": VAPID_PUBLIC,
            "VAPID_PRIVATE_KEY": VAPID_PRIVATE,
            "PUSH_ENDPOINT_SCHEMES": "https,http",
        }
    )
    return env


@pytest.fixture(scope="session")
def live_site(tmp_path_factory, site_deepl):
    data_dir = tmp_path_factory.mktemp("site")
    port = free_port()
    env = site_environment(data_dir, site_deepl.url)
    env["SITE_URL"] = f"http://127.0.0.1:{port}"  # links in the e-mails its worker writes
    # The browser stands behind a proxy on loopback, so a test can say which country each
    # member writes from (X-Forwarded-For).
    env["TRUSTED_PROXIES"] = "127.0.0.1"
    postgres_url = _postgres_url_for("browser")
    if postgres_url:
        env["DATABASE_URL"] = postgres_url
    private_redis = None
    if os.environ.get("REDIS_URL"):
        # A redis-server of its own, so its worker never takes another process's tasks.
        private_redis = PrivateRedis(data_dir)
        private_redis.start()
        env["REDIS_URL"] = private_redis.url
        env.pop("CELERY_BROKER_URL", None)
    site = LiveSite(url=f"http://127.0.0.1:{port}", env=env, data_dir=data_dir)
    site.manage("migrate", "--noinput", "-v0")
    site.manage("collectstatic", "--noinput", "-v0")

    site.processes = [
        web_process(port, env),
        subprocess.Popen(
            [
                sys.executable, "-m", "celery", "-A", "halfway", "worker",
                "--loglevel", "WARNING", "--concurrency", "1",
                "--without-gossip", "--without-mingle", "--without-heartbeat",
            ],
            cwd=ROOT, env=env,
        ),
    ]  # fmt: skip
    try:
        _wait_until_healthy(site.url, site.processes)
        yield site
    finally:
        site.close_shell()
        for process in site.processes:
            process.send_signal(signal.SIGTERM)
        for process in site.processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
        if private_redis:
            private_redis.stop()
        if postgres_url:
            _drop_postgres_database(postgres_url)
        shutil.rmtree(data_dir, ignore_errors=True)


@pytest.fixture
def browser():
    # Per test, not per session: Playwright's sync API keeps an event loop running in this
    # thread while it is started, and the suite's asyncio tests share the worker process.
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def open_page(browser, live_site):
    """Open a fresh browser context: `open_page(language="zh-CN", viewport="phone")`."""
    contexts = []

    def make(language: str = "en-US", viewport: str = "desktop", writes_from: str | None = None):
        headers = {"Accept-Language": language}
        if writes_from:
            headers["X-Forwarded-For"] = writes_from
        context = browser.new_context(
            base_url=live_site.url,
            locale=language,
            viewport=VIEWPORTS[viewport],
            extra_http_headers=headers,
            color_scheme=COLOR_SCHEME,
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        # Every console error (a CSP violation, a failed script) is kept for the test to see.
        page.console_errors = []
        page.on(
            "console",
            lambda message: message.type == "error" and page.console_errors.append(message.text),
        )
        return page

    yield make
    for context in contexts:
        context.close()


def screenshot(page, name: str) -> Path:
    """Save a full-page screenshot under test-artifacts/screenshots/ (CI keeps the folder)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}{'-dark' if COLOR_SCHEME == 'dark' else ''}.png"
    # From the top, or the sticky header is drawn wherever the page was scrolled to.
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(path), full_page=True)
    return path
