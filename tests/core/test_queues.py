"""Celery's queues and Redis's visibility timeout, as the production settings make them."""

import json
import subprocess
import sys

from tests.halfway.test_settings import PRODUCTION_ENV, ROOT

READ_CELERY = """
import json, django
django.setup()
from halfway.celery import app
app.loader.import_default_modules()
def longest_countdown(task):
    if not getattr(task, "autoretry_for", ()):
        return 0  # never retried
    return task.retry_backoff_max if task.retry_backoff else task.default_retry_delay
tasks = {
    name: {"backoff_max": longest_countdown(task),
           "queue": app.amqp.router.route({}, name)["queue"].name}
    for name, task in app.tasks.items() if not name.startswith("celery.")
}
print(json.dumps({
    "tasks": tasks,
    "visibility": app.conf.broker_transport_options.get("visibility_timeout"),
    "time_limit": app.conf.task_time_limit,
    "queues": sorted(app.amqp.queues),
}))
"""


def celery_in_production(**env) -> dict:
    result = subprocess.run(
        [sys.executable, "-c", READ_CELERY],
        cwd=ROOT,
        env={**PRODUCTION_ENV, "PATH": "/usr/bin:/bin", **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return json.loads(result.stdout)


def test_translation_tasks_have_their_own_queue_and_nothing_else_is_on_it():
    celery = celery_in_production()
    assert celery["queues"] == ["celery", "translation"]  # a worker without -Q takes both
    for name, task in celery["tasks"].items():
        expected = "translation" if name.startswith("translation.") else "celery"
        assert task["queue"] == expected, name
    assert "accounts.tasks.deliver_email" in celery["tasks"]


def test_a_killed_workers_tasks_come_back_within_minutes_and_never_while_running():
    celery = celery_in_production()
    assert celery["visibility"] == 300  # kombu's default is an hour
    # Redis hands back whatever is unacknowledged this long: a task still running, or one
    # waiting for its retry countdown, would then run twice.
    assert celery["time_limit"] < celery["visibility"]
    for name, task in celery["tasks"].items():
        assert task["backoff_max"] < celery["visibility"], name

    assert celery_in_production(CELERY_VISIBILITY_TIMEOUT_SECONDS="30")["visibility"] == 30
