"""The pieces of `make bench` (bench/http_load.py) that its figures stand on: the bare ceiling
answers exactly the bytes it is given, and the wrk script spreads its requests over every
member's cookie and every URL. No figure is asserted: only that the tool measures what it says."""

import argparse
import os
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import requests

from bench import http_load

BODIES = {
    "thread-in-0": "<!DOCTYPE html><p>饺子 and dumplings</p>\n".encode() * 900,  # about 40 KB
    "home-out-0": b"<!DOCTYPE html>\r\n<p>trailing spaces   \n\n",
}


def test_the_bare_ceiling_serves_exactly_the_bytes_it_was_given(tmp_path):
    pages = tmp_path / "pages"
    pages.mkdir()
    for name, body in BODIES.items():
        (pages / f"{name}.html").write_bytes(body)
    env = os.environ | {"DJANGO_SETTINGS_MODULE": "bench.bare_settings", "BARE_PAGES": str(pages)}
    bare = http_load.Server(
        "gunicorn", "django.core.wsgi:get_wsgi_application()", 1, env, tmp_path / "bare.log"
    )
    try:
        bare.start("/home-out-0/")
        for name, body in BODIES.items():
            answer = requests.get(f"{bare.url}/{name}/", timeout=30)
            assert answer.status_code == 200
            assert answer.content == body
            assert answer.headers["Content-Type"] == "text/html; charset=utf-8"
        assert requests.get(f"{bare.url}/missing/", timeout=30).status_code == 404
    finally:
        bare.stop()
    assert bare.process.poll() is not None


class Recorder(BaseHTTPRequestHandler):
    """Answers every GET with a small page and records its path and Cookie header."""

    protocol_version = "HTTP/1.1"  # keep-alive, as wrk asks
    disable_nagle_algorithm = True  # headers and body go out at once, not 40 ms apart
    seen: list[tuple[str, str | None]] = []
    lock = threading.Lock()

    def do_GET(self):
        with self.lock:
            self.seen.append((self.path, self.headers.get("Cookie")))
        body = b"<p>ok</p>"
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


class QuietServer(ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        pass  # wrk closes its connections mid-request when its time is up


@pytest.fixture
def recorder():
    Recorder.seen = []
    server = QuietServer(("127.0.0.1", 0), Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", Recorder.seen
    server.shutdown()
    server.server_close()


def test_the_wrk_script_rotates_every_member_and_every_url(recorder):
    base, seen = recorder
    # Four paths divide 200 cookies: walked in step, each member would meet one path only.
    paths = ["/t/1/", "/t/2/", "/c/food/", "/search/?q=%E9%A5%BA%E5%AD%90"]
    cookies = [f"sessionid=member{number}" for number in range(200)]
    args = argparse.Namespace(threads=2, clients=4, duration=2)

    measured = http_load.run_wrk(base, paths, cookies, args)

    assert measured["problems"] == []
    # Over 400 requests on 2 threads: one thread walked all 200 cookies and began again.
    assert measured["requests"] > 400, "too few requests to have walked the 200 cookies"
    assert {cookie for _, cookie in seen} == set(cookies)
    assert {path for path, _ in seen} == set(paths)
    paths_per_member = {}
    for path, cookie in seen:
        paths_per_member.setdefault(cookie, set()).add(path)
    assert max(len(each) for each in paths_per_member.values()) > 1
    assert 0 < measured["p50_ms"] <= measured["p99_ms"]


def test_signed_out_the_wrk_script_sends_no_cookie(recorder):
    base, seen = recorder
    args = argparse.Namespace(threads=1, clients=1, duration=1)

    measured = http_load.run_wrk(base, ["/"], [], args)

    assert measured["requests"] > 0
    assert {cookie for _, cookie in seen} == {None}
