"""Translation throughput with 1, 2 and 4 Celery workers, DeepL answering in 100 ms.

    .venv/bin/python bench/translation_workers.py [--texts 400] [--workers 1,2,4]

Production mode on this machine: PostgreSQL (a fresh database, `halfway_bench_translate`) and
Redis (database 8) as broker. For each worker count, that many worker processes (each
`--concurrency 1`, as `docker compose --scale worker=N` runs them) are started; then `--texts`
distinct Chinese texts are asked for, one task each (one reader's click each), all at once, and
the time runs until every translation is stored. The test suite's DeepL fake answers every
request after 100 ms. Each worker's DeepL calls are sequential, so the ideal is N / 0.1 s.
"""

import argparse
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psycopg
import redis

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.fakes.deepl import AUTH_KEY, FakeDeepL  # noqa: E402

POSTGRES = "postgres://postgres@127.0.0.1:5432"
DATABASE = "halfway_bench_translate"
REDIS = "redis://127.0.0.1:6379/8"

ASK = """
from translation import services, tasks
from translation.models import Translation
rows = [
    Translation(
        source_hash=services.source_hash(f"<p>第{{number}}只猫整天都在睡觉。</p>"),
        target_language="en", source_html=f"<p>第{{number}}只猫整天都在睡觉。</p>",
        source_language="zh",
    )
    for number in range({start}, {start} + {count})
]
Translation.objects.bulk_create(rows)
ids = list(Translation.objects.filter(status="pending").values_list("pk", flat=True))
import time
started = time.time()
for pk in ids:
    tasks.translate_contents.delay([pk])
print("ASKED", len(ids), started)
"""


def environment(deepl: FakeDeepL) -> dict:
    return {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "HALFWAY_"))},
        "DJANGO_SETTINGS_MODULE": "halfway.settings.base",
        "DATABASE_URL": f"{POSTGRES}/{DATABASE}",
        "REDIS_URL": REDIS,
        "DATA_DIR": str(ROOT / "var" / "bench-translate"),
        "DEEPL_AUTH_KEY": AUTH_KEY,
        "DEEPL_SERVER_URL": deepl.url,
        "LOG_LEVEL": "WARNING",
    }


def manage(env: dict, *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True,
        text=True, timeout=600,
    )  # fmt: skip
    if result.returncode != 0:
        raise SystemExit(result.stdout + result.stderr)
    return result.stdout


def done_count(start_ids: int) -> int:
    with psycopg.connect(f"{POSTGRES}/{DATABASE}") as connection:
        return connection.execute(
            "SELECT count(*) FROM translation_translation WHERE status = 'done' AND id > %s",
            [start_ids],
        ).fetchone()[0]


def run(env: dict, workers: int, texts: int, start: int, deepl: FakeDeepL) -> dict:
    processes = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "halfway",
                "worker",
                "--loglevel",
                "WARNING",
                "--concurrency",
                "1",
                "--hostname",
                f"bench{number}@%h",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for number in range(workers)
    ]
    try:
        time.sleep(6)  # every worker connected and waiting
        with psycopg.connect(f"{POSTGRES}/{DATABASE}") as connection:
            before = connection.execute(
                "SELECT coalesce(max(id), 0) FROM translation_translation"
            ).fetchone()[0]
        calls_before = len(deepl.translate_requests)
        output = manage(env, "shell", "-c", ASK.format(start=start, count=texts))
        asked_at = float(output.split("ASKED ", 1)[1].split()[1])
        while (finished := done_count(before)) < texts:
            if time.time() - asked_at > 600:
                raise SystemExit(f"only {finished} of {texts} done after 10 minutes")
            time.sleep(0.05)
        seconds = time.time() - asked_at
        return {
            "workers": workers,
            "texts": texts,
            "seconds": round(seconds, 2),
            "per_second": round(texts / seconds, 1),
            "deepl_requests": len(deepl.translate_requests) - calls_before,
        }
    finally:
        for process in processes:
            process.send_signal(signal.SIGTERM)
        for process in processes:
            process.wait(timeout=60)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--texts", type=int, default=400)
    parser.add_argument("--workers", default="1,2,4")
    arguments = parser.parse_args()
    deepl = FakeDeepL().start()
    deepl.behaviour.delay_seconds = 0.1
    with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{DATABASE}"')
    redis.Redis.from_url(REDIS).flushdb()
    env = environment(deepl)
    manage(env, "migrate", "--noinput", "-v0")
    results = []
    for index, workers in enumerate(int(n) for n in arguments.workers.split(",")):
        result = run(env, workers, arguments.texts, index * arguments.texts, deepl)
        results.append(result)
        print(json.dumps(result), flush=True)
    deepl.stop()
    print("| workers | texts | seconds | translations/s | DeepL requests |")
    print("|---|---|---|---|---|")
    for result in results:
        print(f"| {result['workers']} | {result['texts']} | {result['seconds']} | "
              f"{result['per_second']} | {result['deepl_requests']} |")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
