"""Which server should serve Halfway's HTTP? The same page under each choice, in one run.

    .venv/bin/python bench/server_choices.py                       # embedded mode
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/halfway_bench_servers \\
    REDIS_URL=redis://127.0.0.1:6379/7 .venv/bin/python bench/server_choices.py

Each choice runs with --processes processes (default 2), all started before the first
measurement; then `wrk -t2 -c16 -d<seconds>s` runs on one choice after the other, --rounds
times, so a load that other programs put on the machine falls on every choice alike. The page
is bench/http_urls.py's ceiling (a page of --size bytes from memory, through the whole
middleware stack), signed out, with bench/http_settings.py (DEBUG off, no HTTPS redirect).

- asgi: uvicorn halfway.asgi:django_asgi_application, Django's ASGI handler for HTTP (what
  `deploy/start web` ran until issue 20);
- gunicorn: gunicorn sync workers on halfway.wsgi:application (`deploy/start web`);
- gunicorn-gthread (only when named in --choices): the same with gthread workers of one
  thread, which keep connections alive where sync workers close each after one request;
- asgi-over-wsgi: uvicorn halfway.asgi:application, whose HTTP branch runs the WSGI
  application through a2wsgi: one address for pages and sockets (`make run`).

Prints one line per run and a table of medians (Markdown). The database is migrated when it
has no tables; nothing else is written to it.
"""

import argparse
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]
SETTINGS = "bench.http_settings"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def commands(port: int, processes: int) -> dict[str, list[str]]:
    python = sys.executable
    uvicorn = [
        python, "-m", "uvicorn", "--host", "127.0.0.1", "--port", str(port),
        "--workers", str(processes), "--no-access-log", "--log-level", "warning",
        "--no-proxy-headers",
    ]  # fmt: skip
    # deploy/gunicorn.conf.py as `deploy/start web` runs it, with the bind and workers here.
    gunicorn = [
        python, "-m", "gunicorn", "halfway.wsgi:application",
        "--config", "deploy/gunicorn.conf.py",
        "--bind", f"127.0.0.1:{port}", "--workers", str(processes),
    ]  # fmt: skip
    return {
        "asgi": [*uvicorn, "halfway.asgi:django_asgi_application"],
        "gunicorn": gunicorn,
        # One thread per worker as well, but connections kept alive (sync workers close each).
        "gunicorn-gthread": [*gunicorn, "--worker-class", "gthread", "--threads", "1"],
        "asgi-over-wsgi": [*uvicorn, "halfway.asgi:application"],
    }


def wait_healthy(url: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"{url}: the server stopped while starting; see {log}")
        try:
            if requests.get(url + "/healthz", timeout=5).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.2)
    raise SystemExit(f"{url}/healthz did not answer 200 in 90 s; see {log}")


def wrk(url: str, seconds: int) -> tuple[float, float, int]:
    """Requests per second, the mean latency in ms and the count of non-2xx answers/errors."""
    output = subprocess.run(
        ["wrk", "-t2", "-c16", f"-d{seconds}s", "--timeout", "30s", url],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    value, unit = re.search(r"Latency\s+([\d.]+)(us|ms|s)", output).groups()
    latency = float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    return (
        rate,
        latency,
        (int(bad.group(1)) if bad else 0) + (sum(map(int, errors.groups())) if errors else 0),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--size", type=int, default=36841, help="page size in bytes")
    parser.add_argument("--choices", default="asgi,gunicorn,asgi-over-wsgi")
    options = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="halfway-servers-"))
    env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    env.update(DJANGO_SETTINGS_MODULE=SETTINGS, LOG_LEVEL="WARNING", STATIC_ROOT=str(folder))
    if not env.get("DATABASE_URL"):
        env["DATA_DIR"] = str(folder)
    mode = "production-like (PostgreSQL, Redis)" if env.get("REDIS_URL") else "embedded"
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True
    )

    servers = {}
    try:
        for name in options.choices.split(","):
            port = free_port()
            log = folder / f"{name}.log"
            with log.open("w") as output:
                process = subprocess.Popen(
                    commands(port, options.processes)[name], cwd=ROOT, env=env,
                    stdout=output, stderr=subprocess.STDOUT, start_new_session=True,
                )  # fmt: skip
            url = f"http://127.0.0.1:{port}"
            servers[name] = (url, process)
            wait_healthy(url, process, log)
        results: dict[str, list[tuple[float, float, int]]] = {name: [] for name in servers}
        for url, _ in servers.values():  # warm-up: imports, templates, connections
            wrk(f"{url}/bench/ceiling/{options.size}/", 1)
        for round_number in range(1, options.rounds + 1):
            for name, (url, _) in servers.items():
                rate, latency, bad = wrk(f"{url}/bench/ceiling/{options.size}/", options.seconds)
                results[name].append((rate, latency, bad))
                print(f"round {round_number} {name:15} {rate:8.0f} req/s  {latency:6.1f} ms"
                      f"  bad={bad}", flush=True)  # fmt: skip
    finally:
        for _, process in servers.values():
            process.send_signal(signal.SIGTERM)
        for _, process in servers.values():
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)

    best = max(statistics.median(r for r, _, _ in runs) for runs in results.values())
    print(
        f"\n{mode}; {options.processes} processes each; `wrk -t2 -c16 -d{options.seconds}s` on "
        f"/bench/ceiling/{options.size}/, signed out; {options.rounds} interleaved rounds\n"
    )
    print("| server | req/s (median) | range | mean latency | share of the fastest |")
    print("|---|---|---|---|---|")
    for name, runs in results.items():
        rates = [rate for rate, _, _ in runs]
        median = statistics.median(rates)
        print(
            f"| {name} | {median:,.0f} | {min(rates):,.0f}–{max(rates):,.0f} | "
            f"{statistics.median(latency for _, latency, _ in runs):.1f} ms | {median / best:.2f} |"
        )
    if any(bad for runs in results.values() for _, _, bad in runs):
        print("\nSome answers were not 2xx or failed: see the lines above.")


if __name__ == "__main__":
    main()
