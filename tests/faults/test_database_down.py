"""PostgreSQL is down: /healthz and pages answer quickly, well inside the container's health
check (10 s in docker-compose.yml), instead of holding each request while the connection pool
waits for a server that is not there."""

import time

import requests

from tests.faults.conftest import start_site, stop_site

# Generous for a loaded machine; the pool used to hold each request 10 s.
BOUND_SECONDS = 2


def timed_get(url: str) -> tuple[requests.Response, float]:
    started = time.monotonic()
    answer = requests.get(url, timeout=30)
    return answer, time.monotonic() - started


def test_healthz_and_pages_answer_within_two_seconds_while_postgres_is_down(
    tmp_path, private_postgres, fault_deepl
):
    site = start_site(tmp_path, fault_deepl, DATABASE_URL=private_postgres.url)
    try:
        assert requests.get(site.url + "/healthz", timeout=30).status_code == 200
        private_postgres.stop()

        # The first request may only find the pool's connections broken, which fails fast;
        # the ones after it ask the pool for a new connection to a server that is not there.
        # The sign-in page needs no database for a visitor without a session.
        paths = (("/healthz", 503), ("/", 503), ("/accounts/login/", 200)) * 3
        for path, status in paths:
            answer, seconds = timed_get(site.url + path)
            print(f"{path}: {answer.status_code} in {seconds:.2f} s")
            assert answer.status_code == status, (path, answer.status_code)
            assert seconds < BOUND_SECONDS, f"{path} took {seconds:.1f} s with PostgreSQL down"
        assert requests.get(site.url + "/healthz", timeout=30).json()["checks"]["database"] == (
            "unavailable"
        )

        # Back without a restart of the site, once the pool has reconnected.
        private_postgres.start()
        deadline = time.monotonic() + 30
        while requests.get(site.url + "/healthz", timeout=30).status_code != 200:
            assert time.monotonic() < deadline, "/healthz did not recover"
            time.sleep(0.2)
    finally:
        stop_site(site)
