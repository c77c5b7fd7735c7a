"""Fault tests: a real site (uvicorn and a Celery worker, as in the browser tests) whose
services a test can take away and bring back. Redis is a private redis-server on a port of its
own, so stopping it touches nothing else the suite runs."""

import contextlib
import glob
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

import psycopg
import pytest
import requests

from tests.browser.conftest import (
    PASSWORD,
    REDIS_SERVER,
    ROOT,
    LiveSite,
    PrivateRedis,
    _drop_postgres_database,
    _postgres_url_for,
    _wait_until_healthy,
    free_port,
    site_environment,
    web_process,
)
from tests.fakes.deepl import FakeDeepL


@pytest.fixture
def private_redis(tmp_path):
    if REDIS_SERVER is None:
        if os.environ.get("REDIS_URL"):
            pytest.fail("REDIS_URL is set but redis-server is not installed: CI tests outages")
        pytest.skip("redis-server is not installed (the Redis outage needs one of its own)")
    server = PrivateRedis(tmp_path)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def fault_deepl():
    server = FakeDeepL().start()
    yield server
    server.stop()


def start_site(tmp_path: Path, deepl: FakeDeepL, **env_overrides: str) -> LiveSite:
    """A site of the test's own: one web process and one worker, in the environment's mode
    (PostgreSQL when DATABASE_URL is set, else SQLite), with `env_overrides` on top."""
    data_dir = tmp_path / "site"
    data_dir.mkdir()
    env = site_environment(data_dir, deepl.url)
    # In the environment's mode for the database; Redis only where the test brings its own.
    env.pop("REDIS_URL", None)
    env.pop("CELERY_BROKER_URL", None)
    postgres_url = _postgres_url_for("faults")
    if postgres_url:
        env["DATABASE_URL"] = postgres_url
    env.update(env_overrides)
    port = free_port()
    site = LiveSite(url=f"http://127.0.0.1:{port}", env=env, data_dir=data_dir)
    site.manage("migrate", "--noinput", "-v0")
    site.manage("collectstatic", "--noinput", "-v0")
    site.processes = [web_process(port, env), worker_process(env)]
    _wait_until_healthy(site.url, site.processes)
    return site


def worker_process(env: dict, *, queues: str = "", name: str = "") -> subprocess.Popen:
    """A Celery worker of the site: both queues unless `queues` names some; `name` tells two
    workers on this machine apart (as containers' host names do)."""
    options = (["--queues", queues] if queues else []) + (["--hostname", name] if name else [])
    return subprocess.Popen(
        [
            sys.executable, "-m", "celery", "-A", "halfway", "worker", "--loglevel", "WARNING",
            "--concurrency", "1", "--without-gossip", "--without-mingle", "--without-heartbeat",
            *options,
        ],
        cwd=ROOT, env=env,
    )  # fmt: skip


def stop_site(site: LiveSite) -> None:
    site.close_shell()
    for process in site.processes:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
    for process in site.processes:
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
    if "/halfway_faults_" in site.env.get("DATABASE_URL", ""):
        _drop_postgres_database(site.env["DATABASE_URL"])


def signed_in(site: LiveSite, username: str) -> requests.Session:
    """A requests session signed in as `username`, with the CSRF token in its headers."""
    session = requests.Session()
    page = session.get(f"{site.url}/accounts/login/", timeout=10)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    answer = session.post(
        f"{site.url}/accounts/login/",
        data={"csrfmiddlewaretoken": token, "login": username, "password": PASSWORD},
        headers={"Referer": f"{site.url}/accounts/login/"},
        timeout=10,
    )
    assert answer.ok and "/accounts/login/" not in answer.url, answer.text[:500]
    session.headers["X-CSRFToken"] = session.cookies["csrftoken"]
    session.headers["Referer"] = site.url + "/"
    return session


BINARIES = sorted(glob.glob("/usr/lib/postgresql/*/bin"))


class PrivatePostgres:
    def __init__(self, folder: Path):
        self.folder = folder
        self.data = folder / "data"
        self.port = free_port()
        self.bin = Path(BINARIES[-1])
        # PostgreSQL refuses to run as root: the test runs it as the postgres user then.
        self.as_user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []

    def run(self, *command: str) -> None:
        subprocess.run(
            [*self.as_user, *command], check=True, capture_output=True, timeout=60, cwd="/"
        )

    def create(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        if self.as_user:
            shutil.chown(self.folder, "postgres", "postgres")
        self.run(str(self.bin / "initdb"), "-D", str(self.data), "-A", "trust", "-U", "postgres")

    def start(self) -> None:
        self.run(
            str(self.bin / "pg_ctl"), "-D", str(self.data), "-w", "-l", str(self.folder / "log"),
            "-o", f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off",
            "start",
        )  # fmt: skip

    def stop(self) -> None:
        # "fast": every session is cut off, as in a restart for an upgrade or a crash.
        self.run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-w", "-m", "fast", "stop")

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/halfway"


@pytest.fixture
def private_postgres():
    if not BINARIES:
        if os.environ.get("DATABASE_URL"):
            pytest.fail("DATABASE_URL is set but PostgreSQL's server binaries are missing")
        pytest.skip("PostgreSQL's server binaries are not installed")
    # Outside pytest's folder, which only root may enter.
    folder = Path(tempfile.mkdtemp(prefix="halfway-postgres-"))
    server = PrivatePostgres(folder)
    server.create()
    server.start()
    with psycopg.connect(server.url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as admin:
        admin.execute("CREATE DATABASE halfway")
    yield server
    with contextlib.suppress(subprocess.CalledProcessError):  # stopped by the test
        server.stop()
    shutil.rmtree(folder, ignore_errors=True)
