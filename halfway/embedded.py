"""`make run`: the web server and a real Celery worker, started and stopped together.

Prints the address and the demo logins once /healthz answers; Ctrl-C (or SIGTERM) stops
every child process.
"""

import json
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

HOST = os.environ.get("HOST", "127.0.0.1")
PORT = os.environ.get("PORT", "8000")


def start_children() -> list[subprocess.Popen]:
    python = sys.executable
    web = subprocess.Popen(
        [
            python, "-m", "uvicorn", "halfway.asgi:application",
            "--host", HOST, "--port", PORT,
            # Addresses stay out of logs; X-Forwarded-For is judged by the app itself.
            # Warnings only: uvicorn's info lines name each client's address.
            "--no-access-log", "--log-level", "warning",
            "--no-proxy-headers",
        ]
    )  # fmt: skip
    worker = subprocess.Popen(
        [
            python, "-m", "celery", "-A", "halfway", "worker",
            "--loglevel", "INFO", "--concurrency", "2",
            # The one worker takes both queues and runs the periodic jobs (beat) itself.
            "--queues", "celery,translation", "--beat",
            # The folder broker cannot broadcast; these features need it and nothing here does.
            "--without-gossip", "--without-mingle", "--without-heartbeat",
        ]
    )  # fmt: skip
    return [web, worker]


def wait_until_healthy(url: str, children: list[subprocess.Popen], seconds: float) -> dict:
    deadline = time.monotonic() + seconds
    last = {}
    while time.monotonic() < deadline:
        if any(child.poll() is not None for child in children):
            raise SystemExit("A Halfway process stopped while starting; see the log above.")
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
    raise SystemExit(f"Halfway did not become healthy in {seconds:.0f} s: {last}")


def stop(children: list[subprocess.Popen]) -> None:
    for child in children:
        if child.poll() is None:
            child.send_signal(signal.SIGTERM)  # the main process only: Celery stops its pool
    deadline = time.monotonic() + 15
    for child in children:
        try:
            child.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            child.kill()


def main() -> None:
    started = time.monotonic()
    stopping = threading.Event()
    # Ctrl-C reaches every process in the terminal's group; SIGTERM (from a supervisor)
    # reaches only this one. Either way, stop the children and wait for them.
    signal.signal(signal.SIGINT, lambda *_: stopping.set())
    signal.signal(signal.SIGTERM, lambda *_: stopping.set())
    children = start_children()
    try:
        # A wildcard address is reached on loopback (and is not a valid Host header).
        local = "127.0.0.1" if HOST in ("0.0.0.0", "::", "") else HOST  # noqa: S104
        wait_until_healthy(f"http://{local}:{PORT}/healthz", children, seconds=60)
        print_welcome(time.monotonic() - started)
        while not stopping.is_set() and all(child.poll() is None for child in children):
            stopping.wait(0.5)
        # A child that died of the same Ctrl-C is not a crash: give the signal a moment.
        if not stopping.wait(1.0):
            print("A Halfway process stopped; stopping the others.", file=sys.stderr)
    finally:
        print("\nStopping Halfway…", flush=True)
        stop(children)


def print_welcome(seconds: float) -> None:
    import django

    from halfway.settings import default_module

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", default_module())
    django.setup()
    from accounts.demo import DEMO_PASSWORD, demo_logins

    lines = [
        "",
        f"  Halfway is running at http://{HOST}:{PORT}/  (ready in {seconds:.1f} s)",
        "",
        f"  Demo logins (password for all: {DEMO_PASSWORD}):",
    ]
    lines += [f"    {login}" for login in demo_logins()]
    lines += ["", "  Emails are written to var/mail/. Press Ctrl-C to stop.", ""]
    print("\n".join(lines), flush=True)


if __name__ == "__main__":
    main()
