"""`make run`: the web server and a real Celery worker, started and stopped together.

Prints the address and the demo logins once /healthz answers; Ctrl-C (or SIGTERM) stops every
child. Each process's output (Celery's banner, its line per task) goes to DATA_DIR/log/web.log
or worker.log, so the terminal keeps the address and the logins; errors are shown there too,
and a process that stops on its own is reported with the end of its log. HALFWAY_VERBOSE=1
(`make run VERBOSE=1`) shows everything in the terminal.
"""

import contextlib
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections import deque
from pathlib import Path

HOST = os.environ.get("HOST", "127.0.0.1")
PORT = os.environ.get("PORT", "8000")
VERBOSE = os.environ.get("HALFWAY_VERBOSE", "").strip().lower() in ("1", "true", "yes", "on")

# The first line of an error as uvicorn ("ERROR:    …"), Celery ("[…: ERROR/MainProcess] …")
# and the site's logging ("2026-01-01 12:00:00,000 ERROR name …") write it, or a traceback
# that nothing logged (a process that dies of an exception).
ERROR_LINE = re.compile(
    r"^(?:(?:ERROR|CRITICAL):"
    r"|\[[^\]]*: (?:ERROR|CRITICAL)/"
    r"|\d{4}-\d\d-\d\d [\d:,.]+ (?:ERROR|CRITICAL) "
    r"|Traceback \(most recent call last\):)"
)
# The first line of any record: the end of an error's traceback or continuation lines.
RECORD_LINE = re.compile(r"^(?:[A-Z]+:\s|\[\d{4}-\d\d-\d\d |\d{4}-\d\d-\d\d )")
TAIL_LINES = 20


class ErrorLines:
    """Which lines of a process's output the terminal shows: the first line of each error and
    the exception each of its tracebacks ends with (unless that line named it already)."""

    def __init__(self) -> None:
        self.in_error = self.in_traceback = False
        self.first_line = ""

    def shows(self, line: str) -> bool:
        if self.in_error and line.startswith("Traceback"):
            self.in_traceback = True
            return False
        if ERROR_LINE.match(line):
            self.in_error = True
            self.in_traceback = line.startswith("Traceback")
            self.first_line = "" if self.in_traceback else line
            return not self.in_traceback
        if not self.in_error:
            return False
        if self.in_traceback and line and not line[0].isspace():
            self.in_traceback = False
            message = line.partition(": ")[2]
            return not (message and message in self.first_line)
        elif RECORD_LINE.match(line):
            self.in_error = False
        return False


class Child:
    """A process whose output goes to its log file, errors (or everything) to the terminal."""

    def __init__(self, name: str, command: list[str], log_path: Path) -> None:
        self.name = name
        self.log_path = log_path
        self.tail: deque[str] = deque(maxlen=TAIL_LINES)
        # The previous run's log becomes NAME.log.1: each run starts a fresh file.
        log_path.parent.mkdir(parents=True, exist_ok=True)
        if log_path.exists():
            log_path.replace(log_path.with_name(log_path.name + ".1"))
        self.log = log_path.open("w", encoding="utf-8")
        self.process = subprocess.Popen(
            command,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            # Each line reaches the log as it is written, not when a buffer fills.
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
            # A group of its own, with the processes it starts (Celery's pool), so that none
            # outlives it: a pool whose main process was killed would serve on, orphaned.
            process_group=0,
        )
        self.reader = threading.Thread(target=self._read, name=f"{name}-output", daemon=True)
        self.reader.start()

    def _read(self) -> None:
        errors = ErrorLines()
        for raw in self.process.stdout:
            line = raw.decode("utf-8", errors="replace").rstrip("\n")
            self.log.write(line + "\n")
            self.log.flush()
            self.tail.append(line)
            if VERBOSE:
                print(line, flush=True)
            elif errors.shows(line):
                print(
                    f"{self.name} ({display(self.log_path)}): {line}", file=sys.stderr, flush=True
                )

    def stopped(self) -> bool:
        return self.process.poll() is not None

    def report_stop(self) -> None:
        """Say that this process stopped on its own, with the end of its log."""
        self.reader.join(timeout=2)  # its last lines, read to the end of its output
        print(
            f"\nThe {self.name} process stopped (exit code {self.process.returncode}). "
            f"The end of its log, {display(self.log_path)}:",
            file=sys.stderr,
        )
        for line in self.tail:
            print(f"  | {line}", file=sys.stderr)
        sys.stderr.flush()

    def close(self) -> None:
        self.reader.join(timeout=5)
        self.log.close()


def display(path: Path) -> str:
    """A path as the operator would type it from the project folder."""
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def start_children(log_dir: Path) -> list[Child]:
    python = sys.executable
    # One address for pages and the socket: uvicorn, whose pages run the WSGI application
    # through a2wsgi (halfway/asgi.py) at about gunicorn's rate (docs/benchmarks.md).
    # Production splits them: gunicorn for pages, uvicorn for /ws/, behind the proxy.
    web = Child(
        "web",
        [
            python, "-m", "uvicorn", "halfway.asgi:application",
            "--host", HOST, "--port", PORT,
            # Addresses stay out of logs; X-Forwarded-For is judged by the app itself.
            # Warnings only: uvicorn's info lines name each client's address.
            "--no-access-log", "--log-level", "warning",
            "--no-proxy-headers",
        ],
        log_dir / "web.log",
    )  # fmt: skip
    worker = Child(
        "worker",
        [
            python, "-m", "celery", "-A", "halfway", "worker",
            "--loglevel", "INFO", "--concurrency", "2",
            # The one worker takes both queues and runs the periodic jobs (beat) itself.
            "--queues", "celery,translation", "--beat",
            # The folder broker cannot broadcast; these features need it and nothing here does.
            "--without-gossip", "--without-mingle", "--without-heartbeat",
        ],
        log_dir / "worker.log",
    )  # fmt: skip
    return [web, worker]


def wait_until_healthy(url: str, children: list[Child], seconds: float) -> dict:
    deadline = time.monotonic() + seconds
    last = {}
    while time.monotonic() < deadline:
        for child in children:
            if child.stopped():
                child.report_stop()
                raise SystemExit(f"Halfway did not start: the {child.name} process stopped.")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310  (our own http URL)
                return json.load(response)
        except urllib.error.HTTPError as error:
            try:
                last = json.load(error)
            except ValueError:  # not our JSON: a proxy's or Django's error page
                last = {"status": error.code}
        except OSError:
            pass
        time.sleep(0.2)
    raise SystemExit(
        f"Halfway did not become healthy in {seconds:.0f} s: {last}. "
        f"The logs: {', '.join(display(child.log_path) for child in children)}."
    )


def stop(children: list[Child]) -> None:
    for child in children:
        if not child.stopped():
            # The main process only: Celery stops its pool.
            child.process.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + 15
    for child in children:
        try:
            child.process.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            child.process.kill()
            child.process.wait()
        with contextlib.suppress(ProcessLookupError):  # what it left behind, if anything
            os.killpg(child.process.pid, signal.SIGKILL)
        child.close()


def main() -> None:
    from django.conf import settings

    from halfway.settings import default_module

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", default_module())
    # Links in the worker's e-mails lead to where this serves (children inherit it).
    local = "127.0.0.1" if HOST in ("0.0.0.0", "::", "") else HOST  # noqa: S104
    os.environ.setdefault("SITE_URL", f"http://{local}:{PORT}")
    log_dir = Path(settings.DATA_DIR) / "log"
    started = time.monotonic()
    stopping = threading.Event()
    # Ctrl-C (to the terminal's group) and SIGTERM (from a supervisor) reach only this process:
    # each child has a group of its own. Either way, stop the children and wait for them.
    signal.signal(signal.SIGINT, lambda *_: stopping.set())
    signal.signal(signal.SIGTERM, lambda *_: stopping.set())
    children = start_children(log_dir)
    crashed = False
    try:
        # A wildcard address is reached on loopback (and is not a valid Host header).
        wait_until_healthy(f"http://{local}:{PORT}/healthz", children, seconds=60)
        print_welcome(time.monotonic() - started, log_dir)
        while not stopping.is_set() and not any(child.stopped() for child in children):
            stopping.wait(0.5)
        if not stopping.is_set():
            crashed = True
            for child in children:
                if child.stopped():
                    child.report_stop()
            print("Stopping the other Halfway process.", file=sys.stderr)
    finally:
        print("\nStopping Halfway…", flush=True)
        stop(children)
    if crashed:
        raise SystemExit(1)


def print_welcome(seconds: float, log_dir: Path) -> None:
    import django

    django.setup()
    from django.conf import settings

    # Deferred: it imports models, which need django.setup() above and main()'s settings.
    from demo.members import DEMO_PASSWORD, demo_logins

    lines = [
        "",
        f"  Halfway is running at http://{HOST}:{PORT}/  (ready in {seconds:.1f} s)",
        "",
        f"  Demo members (password for all: {DEMO_PASSWORD}):",
    ]
    lines += [f"    {login}" for login in demo_logins()]
    lines.append("")
    mail = getattr(settings, "EMAIL_FILE_PATH", None)
    if mail:
        lines.append(f"  Emails are written to {display(Path(mail))}/.")
    where = f"  Logs: {display(log_dir / 'web.log')} and {display(log_dir / 'worker.log')}"
    lines += [
        where + ("." if VERBOSE else " (make run VERBOSE=1 shows them here too)."),
        "  Press Ctrl+C to stop.",
        "",
    ]
    print("\n".join(lines), flush=True)


if __name__ == "__main__":
    main()
