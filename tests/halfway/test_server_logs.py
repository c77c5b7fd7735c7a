"""What the real servers log during ordinary use: nothing an operator must read past.

The `web` role (gunicorn, started with the Dockerfile's own command) serves a refused page (403)
and static files; the `ws` role (uvicorn, as docker-compose.yml starts it) serves a socket that a
page closes while events are still arriving; each one's whole output is then read. Each line
that used to appear is named below."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import requests
import yaml
from websockets.sync.client import connect

from tests.browser.conftest import ROOT, _wait_until_healthy, free_port
from tests.fakes.deepl import FakeDeepL
from tests.faults.conftest import signed_in, start_site, stop_site

# Django logged the whole traceback of every PermissionDenied; the one-line warning stays.
TRACEBACK = "Traceback (most recent call last)"
# The consumer sent a frame after the page had closed its socket.
SEND_AFTER_CLOSE = "Unexpected ASGI message"
# Django warns for each static file whitenoise streams under ASGI.
STREAMING_WARNING = "StreamingHttpResponse must consume synchronous iterators"
# `--ws websockets` selects an implementation uvicorn has deprecated.
DEPRECATED_WS = "UvicornDeprecationWarning"

PUBLISH_EVENTS = """
from accounts.models import Member
from core import realtime
ann = Member.objects.get(username="ann")
for _ in range({count}):
    realtime.publish("notifications.changed", to=[ann.pk])
"""


def production_web_command(port: int) -> list[str]:
    """The Dockerfile's CMD (deploy/start web), on a port of the test's own."""
    cmd = re.search(r"^CMD (\[.*?\])$", (ROOT / "Dockerfile").read_text(), re.M | re.S).group(1)
    command = json.loads(cmd.replace("\\\n", ""))
    assert command == ["deploy/start", "web"]
    return [*command, "--bind", f"127.0.0.1:{port}", "--workers", "1"]


def production_ws_command(port: int) -> list[str]:
    """docker-compose.yml's ws command (deploy/start ws), on a port of the test's own."""
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    command = compose["services"]["ws"]["command"]
    assert command == ["deploy/start", "ws"]
    return [*command, "--host", "127.0.0.1", "--port", str(port)]


@pytest.fixture
def real_site(tmp_path):
    deepl = FakeDeepL().start()
    site = start_site(tmp_path, deepl)
    yield site
    stop_site(site)
    deepl.stop()


def test_a_refusal_static_files_and_a_closing_page_leave_no_noise_in_the_log(tmp_path, real_site):
    site = real_site
    site.create_member("ann", language="en", display_name="Ann")
    # deploy/start finds gunicorn and uvicorn on PATH, as in the image: this interpreter's first.
    env = {
        **site.env,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{site.env.get('PATH', '')}",
    }
    logs, servers, urls = {}, {}, {}
    for role, command in (("web", production_web_command), ("ws", production_ws_command)):
        port = free_port()
        logs[role] = tmp_path / f"{role}.log"
        with logs[role].open("w") as log:
            servers[role] = subprocess.Popen(
                command(port), cwd=ROOT, env=env, stdout=log, stderr=log
            )
        site.processes.append(servers[role])
        urls[role] = f"http://127.0.0.1:{port}"
        _wait_until_healthy(urls[role], [servers[role]])
    web, ws = urls["web"], urls["ws"]

    site.url = web
    ann = signed_in(site, "ann")
    assert ann.get(web + "/moderation/", timeout=30).status_code == 403
    for path in ("/static/css/halfway.css", "/static/js/realtime.js", "/static/js/chat.js"):
        assert requests.get(web + path, timeout=30).status_code == 200, path

    cookies = "; ".join(f"{name}={value}" for name, value in ann.cookies.items())
    with connect(
        ws.replace("http://", "ws://") + "/ws/",
        additional_headers={"Cookie": cookies, "Origin": ws},
        open_timeout=30,
    ) as socket:
        assert json.loads(socket.recv(timeout=30))["type"] == "socket.hello"
        site.run_python(PUBLISH_EVENTS.format(count=50))
        # The page goes away after its first event, while the others are still being sent.
        assert json.loads(socket.recv(timeout=30))["type"] == "notifications.changed"

    # The health check's own round trip, after the events: the server has caught up.
    assert requests.get(ws + "/healthz", timeout=30).status_code == 200
    # A graceful stop waits for every connection's task, so a failed send is in the log.
    for server in servers.values():
        server.terminate()
        server.wait(timeout=30)
    output = logs["web"].read_text() + logs["ws"].read_text()
    for noise in (TRACEBACK, SEND_AFTER_CLOSE, STREAMING_WARNING, DEPRECATED_WS):
        assert noise not in output, f"{noise!r} in the logs:\n{output[-3000:]}"
    assert "Forbidden (Permission denied): /moderation/" in logs["web"].read_text()
