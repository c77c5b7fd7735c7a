"""Fault tests: a real site (uvicorn and a Celery worker, as in the browser tests) whose
services a test can take away and bring back. Redis is a private redis-server on a port of its
own, so stopping it touches nothing else the suite runs."""

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import redis
import requests

from tests.browser.conftest import (
    PASSWORD,
    ROOT,
    LiveSite,
    _postgres_url_for,
    _wait_until_healthy,
    free_port,
    site_environment,
    web_process,
)
from tests.fakes.deepl import FakeDeepL

REDIS_SERVER = shutil.which("redis-server")


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
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    postgres_url = _postgres_url_for(f"faults_{worker}")
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


def worker_process(env: dict) -> subprocess.Popen:
    return subprocess.Popen(
        [
            sys.executable, "-m", "celery", "-A", "halfway", "worker", "--loglevel", "WARNING",
            "--concurrency", "1", "--without-gossip", "--without-mingle", "--without-heartbeat",
        ],
        cwd=ROOT, env=env,
    )  # fmt: skip


def stop_site(site: LiveSite) -> None:
    for process in site.processes:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
    for process in site.processes:
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()


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
