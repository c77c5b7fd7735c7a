"""Fault tests: a real site (uvicorn and a Celery worker, as in the browser tests) whose
services a test can take away and bring back. Redis is a private redis-server on a port of its
own, so stopping it touches nothing else the suite runs."""

import os
import re
import signal
import subprocess
import sys
from pathlib import Path

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
