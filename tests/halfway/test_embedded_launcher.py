"""`make run`'s launcher: a web server and a real Celery worker, started and stopped together."""

import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from demo.members import DEMO_MEMBERS, DEMO_PASSWORD
from halfway.embedded import ErrorLines
from tests.browser.conftest import free_port

ROOT = Path(__file__).resolve().parents[2]


def descendants(pid: int) -> set[int]:
    found = set()
    for task in Path(f"/proc/{pid}/task").glob("*"):
        children = (task / "children").read_text().split()
        for child in map(int, children):
            found |= {child} | descendants(child)
    return found


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie has exited; only its parent has not collected it yet.
    return "State:\tZ" not in Path(f"/proc/{pid}/status").read_text()


def wait_for(condition, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.fixture
def embedded_env(tmp_path):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL")
        and not key.startswith(("PYTEST", "DJANGO_", "HALFWAY_"))
    }
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "halfway.settings.base",
            "DATA_DIR": str(tmp_path),
            "PORT": str(free_port()),
            "PYTHONUNBUFFERED": "1",
            "STATIC_ROOT": str(tmp_path / "static"),
        }
    )
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    # As `make run` does first: pages name their stylesheet from the manifest.
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT, env=env, check=True,
    )  # fmt: skip
    return env


@pytest.mark.parametrize("stop_signal", ["SIGINT to the terminal's group", "SIGTERM"])
def test_the_launcher_runs_a_real_worker_and_stops_every_child(embedded_env, tmp_path, stop_signal):
    log = (tmp_path / "launcher.log").open("w+")
    launcher = subprocess.Popen(
        [sys.executable, "-m", "halfway.embedded"],
        cwd=ROOT,
        env=embedded_env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        wait_for(lambda: "Halfway is running" in Path(log.name).read_text(), 60, "the banner")
        banner = Path(log.name).read_text()
        assert f"http://127.0.0.1:{embedded_env['PORT']}/" in banner
        assert "Demo members" in banner and "halfway-demo" in banner
        # uvicorn chooses its current WebSocket implementation itself (`--ws websockets`
        # selected a deprecated one).
        assert "DeprecationWarning" not in banner

        # A task sent by another process is taken from the folder broker by the worker.
        subprocess.run(
            [
                sys.executable, "manage.py", "shell", "-c",
                "from accounts.tasks import deliver_email; deliver_email.delay("
                "subject='Hello', body='from the worker', html=None, "
                "from_email='a@example.com', to=['b@example.com'])",
            ],
            cwd=ROOT, env=embedded_env, check=True,
        )  # fmt: skip
        mail = tmp_path / "mail"
        wait_for(lambda: any(mail.glob("*.log")), 20, "the worker to deliver the email")
        assert "from the worker" in next(mail.glob("*.log")).read_text()

        children = descendants(launcher.pid)
        assert len(children) >= 3  # uvicorn, Celery's main process and its pool

        if stop_signal == "SIGTERM":
            launcher.send_signal(signal.SIGTERM)  # the launcher alone must stop the rest
        else:
            os.killpg(launcher.pid, signal.SIGINT)  # Ctrl-C in a terminal
        launcher.wait(timeout=30)
        wait_for(lambda: not any(alive(pid) for pid in children), 10, "every child to stop")
    finally:
        if launcher.poll() is None:
            os.killpg(launcher.pid, signal.SIGKILL)
        log.close()


def start_launcher(env: dict, terminal: Path) -> subprocess.Popen:
    """`make run`'s launcher, its terminal a file, in a session of its own (as a terminal's)."""
    return subprocess.Popen(
        [sys.executable, "-m", "halfway.embedded"],
        cwd=ROOT,
        env=env,
        stdout=terminal.open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def manage_shell(env: dict, code: str) -> None:
    subprocess.run(
        [sys.executable, "manage.py", "shell", "-v0", "-c", code], cwd=ROOT, env=env, check=True
    )


def test_the_terminal_shows_the_address_and_logins_and_the_log_files_keep_the_rest(
    embedded_env, tmp_path
):
    # A site with data whose community page nobody has opened yet.
    manage_shell(
        embedded_env,
        "from accounts.models import Member; Member.objects.create_user('newcomer', password='x')",
    )
    terminal = tmp_path / "terminal.txt"
    worker_log = tmp_path / "log" / "worker.log"
    launcher = start_launcher(embedded_env, terminal)
    try:
        wait_for(lambda: "Halfway is running" in terminal.read_text(), 60, "the welcome")

        # The worker counted the community as it started: its first visitor sees figures.
        wait_for(lambda: "community counts refreshed" in worker_log.read_text(), 30, "counts")
        address = f"http://127.0.0.1:{embedded_env['PORT']}/"
        with urllib.request.urlopen(address + "community/") as response:
            assert "<strong>1</strong> new member in the last" in response.read().decode()

        # An error still reaches the terminal: its first line, the exception, where the rest is.
        # (An email task without its arguments: sent by name, which checks none.)
        manage_shell(
            embedded_env,
            "from halfway.celery import app; app.send_task('accounts.tasks.deliver_email')",
        )
        wait_for(lambda: "TypeError" in terminal.read_text(), 30, "the task's error")

        os.killpg(launcher.pid, signal.SIGINT)  # Ctrl-C in a terminal
        assert launcher.wait(timeout=30) == 0
    finally:
        if launcher.poll() is None:
            os.killpg(launcher.pid, signal.SIGKILL)

    shown = terminal.read_text()
    welcome = shown[shown.index("Halfway is running") :]
    assert welcome.startswith(f"Halfway is running at {address}")
    assert f"password for all: {DEMO_PASSWORD}" in welcome
    assert all(member[0] in welcome for member in DEMO_MEMBERS)
    assert f"Logs: {tmp_path}/log/web.log and {worker_log}" in welcome
    assert "Ctrl+C" in welcome
    assert f"worker ({worker_log}): [" in shown and "raised unexpected: TypeError" in shown
    # Not Celery's banner, its line per task, its warning about root, nor Python's warnings.
    for noise in ["celery@", "-------------- ", "succeeded in", "superuser", "Warning", 'File "']:
        assert noise not in shown, noise

    logged = worker_log.read_text()
    assert "celery@" in logged and "ready." in logged
    assert "Task community.tasks.refresh_community_stats" in logged
    assert "Traceback" in logged and "TypeError" in logged


def test_a_process_that_stops_on_its_own_is_reported_with_the_end_of_its_log(
    embedded_env, tmp_path
):
    terminal = tmp_path / "terminal.txt"
    launcher = start_launcher(embedded_env, terminal)
    try:
        wait_for(lambda: "Halfway is running" in terminal.read_text(), 60, "the welcome")
        workers = [
            pid
            for pid in descendants(launcher.pid)
            if b"celery" in Path(f"/proc/{pid}/cmdline").read_bytes()
            and f"PPid:\t{launcher.pid}\n" in Path(f"/proc/{pid}/status").read_text()
        ]
        assert len(workers) == 1
        pool = descendants(workers[0])
        assert pool  # Celery's pool processes
        os.kill(workers[0], signal.SIGKILL)

        assert launcher.wait(timeout=30) == 1
        # Its pool goes too: orphaned, it would go on taking tasks from the broker.
        assert not [pid for pid in pool if alive(pid)]
    finally:
        if launcher.poll() is None:
            os.killpg(launcher.pid, signal.SIGKILL)

    shown = terminal.read_text()
    worker_log = tmp_path / "log" / "worker.log"
    assert f"The worker process stopped (exit code -9). The end of its log, {worker_log}:" in shown
    assert "  | " in shown and "Stopping Halfway" in shown


NOISE_AND_ERRORS = """\
/x/celery/platforms.py:893: SecurityWarning: You're running the worker with superuser privileges
  _warn_or_raise_security_error(egid, euid, gid, uid,
 -------------- celery@vm v5.7.0 (collider)
[2026-12-06 11:52:13,754: INFO/MainProcess] celery@vm ready.
/x/websockets/legacy/__init__.py:6: DeprecationWarning: websockets.legacy is deprecated
[2026-12-06 11:52:14,113: INFO/ForkPoolWorker-3] Task community.tasks.x[6c24] succeeded in 0.04s
ERROR:    Exception in ASGI application
Traceback (most recent call last):
  File "/x/django/contrib/staticfiles/storage.py", line 518, in stored_name
    raise ValueError(
ValueError: Missing staticfiles manifest entry for 'css/halfway.css'

During handling of the above exception, another exception occurred:

Traceback (most recent call last):
  File "/x/django/core/handlers/exception.py", line 42, in inner
    response = await get_response(request)
RuntimeError: the error page failed too
2026-12-06 11:54:27,085 WARNING django.request Not Found: /nowhere
2026-12-06 11:54:28,085 ERROR core.queueing broker unreachable, x not sent: refused
[2026-12-06 12:16:40,536: ERROR/ForkPoolWorker-2] Task x[2366] raised unexpected: TypeError('no')
Traceback (most recent call last):
  File "/x/celery/app/trace.py", line 564, in trace_task
    R = retval = fun(*args, **kwargs)
TypeError: no

[2026-12-06 12:16:41,000: INFO/MainProcess] Task x[2367] received
"""


def test_the_terminal_is_shown_each_error_once_and_none_of_the_noise():
    errors = ErrorLines()

    shown = [line for line in NOISE_AND_ERRORS.splitlines() if errors.shows(line)]

    assert shown == [
        "ERROR:    Exception in ASGI application",
        "ValueError: Missing staticfiles manifest entry for 'css/halfway.css'",
        "RuntimeError: the error page failed too",
        "2026-12-06 11:54:28,085 ERROR core.queueing broker unreachable, x not sent: refused",
        "[2026-12-06 12:16:40,536: ERROR/ForkPoolWorker-2] Task x[2366] raised unexpected: "
        "TypeError('no')",
    ]
