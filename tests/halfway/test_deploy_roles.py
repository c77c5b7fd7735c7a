"""The production roles as `deploy/start` runs them: `web` (gunicorn, the pages) and `ws`
(uvicorn, the realtime socket), each a real process on a site of the test's own."""

import json
import os
import re
import runpy
import socket
import subprocess
import sys
from pathlib import Path

import pytest
import requests
from websockets.sync.client import connect

from tests.browser.conftest import PASSWORD, ROOT, _wait_until_healthy, free_port
from tests.fakes.deepl import FakeDeepL
from tests.faults.conftest import start_site, stop_site

MB = 1024 * 1024
TRACEBACK = "Traceback (most recent call last)"


@pytest.fixture
def site(tmp_path):
    deepl = FakeDeepL().start()
    site = start_site(tmp_path, deepl)
    yield site
    stop_site(site)
    deepl.stop()


def start_role(site, role: str, log: Path, **env: str) -> str:
    """Start `deploy/start ROLE` on a free port of loopback; return its address."""
    port = free_port()
    where = (
        ["--bind", f"127.0.0.1:{port}", "--workers", "1"]
        if role == "web"
        else ["--host", "127.0.0.1", "--port", str(port)]
    )
    # deploy/start finds gunicorn and uvicorn on PATH, as in the image: this interpreter's.
    path = f"{Path(sys.executable).parent}{os.pathsep}{site.env.get('PATH', '')}"
    with log.open("w") as output:
        process = subprocess.Popen(
            ["deploy/start", role, *where],
            cwd=ROOT,
            env={**site.env, "PATH": path, **env},
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    site.processes.append(process)
    url = f"http://127.0.0.1:{port}"
    _wait_until_healthy(url, [process])
    return url


def raw_post(url: str, path: str, headers: dict, pieces: list[bytes]) -> bytes:
    """POST over a plain socket, sending `pieces` as they are (no more), and return whatever
    the server answered: it may answer, and close, before the client has sent everything."""
    host, port = url.removeprefix("http://").split(":")
    head = f"POST {path} HTTP/1.1\r\nHost: {host}\r\n" + "".join(
        f"{name}: {value}\r\n" for name, value in headers.items()
    )
    answer = b""
    with socket.create_connection((host, int(port)), timeout=30) as connection:
        try:
            connection.sendall(head.encode() + b"\r\n")
            for piece in pieces:
                connection.sendall(piece)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server answered without reading the rest
        try:
            while chunk := connection.recv(65536):
                answer += chunk
        except ConnectionResetError:
            pass  # closed with unread body: what was answered before is kept
    return answer


def chunk(data: bytes) -> bytes:
    return f"{len(data):x}\r\n".encode() + data + b"\r\n"


def test_the_web_role_is_gunicorn_and_refuses_an_oversized_body_before_reading_it(site, tmp_path):
    log = tmp_path / "web.log"
    web = start_role(site, "web", log)
    page = requests.get(web + "/", timeout=30)
    assert page.status_code == 200
    assert page.headers["Server"] == "gunicorn"

    # 60 MB announced for an avatar (its limit is 10 MB): only 1 MB is ever sent, so an
    # answer proves the rest was never waited for.
    answer = raw_post(
        web,
        "/settings/avatar/",
        {"Content-Type": "multipart/form-data; boundary=halfway", "Content-Length": 60 * MB},
        [b"x" * MB],
    )
    assert answer.startswith(b"HTTP/1.1 413 "), answer[:200]
    assert "What you sent is too large" in answer.decode()

    # Chunked, without Content-Length, past the 2 MB of a form without files: counted as it
    # arrives and refused, in the reader's language. The body never ends.
    answer = raw_post(
        web,
        "/feed/settings/",
        {
            "Content-Type": "application/x-www-form-urlencoded",
            "Transfer-Encoding": "chunked",
            "Accept-Language": "zh-CN",
        },
        [chunk(b"x" * (256 * 1024)) for _ in range(9)],
    )
    assert answer.startswith(b"HTTP/1.1 413 "), answer[:200]
    assert "您发送的内容太大" in answer.decode()

    # A chunked body within the limit reaches the form whole (not as an empty body).
    session = requests.Session()
    form = session.get(web + "/accounts/login/", timeout=30)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text).group(1)
    body = f"csrfmiddlewaretoken={token}&login=nobody&password=wrong".encode()
    answer = session.post(
        web + "/accounts/login/",
        data=iter([body]),  # a generator: requests sends it chunked
        headers={"Content-Type": "application/x-www-form-urlencoded"},
        timeout=30,
    )
    assert answer.request.headers.get("Transfer-Encoding") == "chunked"
    assert answer.status_code == 200  # the form again, with its error: not a CSRF refusal
    assert 'name="login" value="nobody"' in answer.text

    output = log.read_text()
    assert TRACEBACK not in output, output[-3000:]
    assert "127.0.0.1" not in output  # no client addresses in the log


def test_the_web_role_leaves_x_forwarded_for_to_the_app(site, tmp_path):
    """gunicorn keeps the peer as REMOTE_ADDR; only TRUSTED_PROXIES makes the app believe a
    forwarded address (8.8.8.8 is in the US)."""
    site.create_member("ann")
    region = "from accounts.models import Member; print(Member.objects.get(username='ann')" \
             ".region_code or '-')"  # fmt: skip

    def sign_in(web: str) -> None:
        session = requests.Session()
        session.headers["X-Forwarded-For"] = "8.8.8.8"
        form = session.get(web + "/accounts/login/", timeout=30)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text).group(1)
        answer = session.post(
            web + "/accounts/login/",
            data={"csrfmiddlewaretoken": token, "login": "ann", "password": PASSWORD},
            allow_redirects=False,
            timeout=30,
        )
        assert answer.status_code == 302

    sign_in(start_role(site, "web", tmp_path / "web.log"))
    assert site.run_python(region).split()[-1] == "-"

    sign_in(start_role(site, "web", tmp_path / "trusting.log", TRUSTED_PROXIES="127.0.0.1"))
    assert site.run_python(region).split()[-1] == "US"


def test_the_ws_role_accepts_the_pages_socket(site, tmp_path):
    site.create_member("ann")
    session = requests.Session()
    form = session.get(site.url + "/accounts/login/", timeout=30)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text).group(1)
    session.post(
        site.url + "/accounts/login/",
        data={"csrfmiddlewaretoken": token, "login": "ann", "password": PASSWORD},
        timeout=30,
    )
    log = tmp_path / "ws.log"
    ws = start_role(site, "ws", log)
    with connect(
        ws.replace("http://", "ws://") + "/ws/",
        # Behind the proxy the page and its socket share one origin: here, the ws port's own.
        additional_headers={"Cookie": f"sessionid={session.cookies['sessionid']}", "Origin": ws},
        open_timeout=30,
    ) as connection:
        # The socket says hello (with the member's newest event number) as it opens.
        assert json.loads(connection.recv(timeout=30))["type"] == "socket.hello"
        connection.send(json.dumps({"type": "ping"}))
        assert json.loads(connection.recv(timeout=30))["type"] == "pong"
        # The container's health check asks the ws role while sockets are open (compose).
        health = requests.get(ws + "/healthz", timeout=30)
        assert health.status_code == 200, health.text
    assert TRACEBACK not in log.read_text()


def test_the_web_roles_master_loads_the_language_models_before_it_forks_its_workers():
    """Loaded in each worker at its first post, the models made that writer wait 0.8 s, and
    every message queued behind it (bench/chat_delivery.py); loaded in the master, the
    workers share one copy."""
    from translation import detection

    config = runpy.run_path(str(ROOT / "deploy" / "gunicorn.conf.py"))
    assert config["preload_app"] is True
    detection._detector.cache_clear()
    config["when_ready"](None)
    assert detection._detector.cache_info().currsize == 1
