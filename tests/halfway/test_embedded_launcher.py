"""`make run`'s launcher: a web server and a real Celery worker, started and stopped together."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

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
        }
    )
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
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
        assert "Demo logins" in banner and "halfway-demo" in banner
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
