"""Handing work to the Celery worker, when the broker may be down.

A request whose rows are committed must not fail because the broker (Redis in production) is
away: `enqueue` tries for a bounded time (settings.CELERY_TASK_PUBLISH_RETRY_POLICY), logs,
and says whether the task was handed over, so the caller can tell the member and leave its
rows in a state a later attempt picks up.
"""

import logging

from kombu.exceptions import OperationalError

logger = logging.getLogger(__name__)


def enqueue(task, *args, **kwargs) -> bool:
    """Send `task(*args, **kwargs)` to the worker; False if the broker could not be reached."""
    try:
        task.apply_async(args, kwargs)
    except (OperationalError, ConnectionError, TimeoutError) as error:
        logger.error("broker unreachable, %s not sent: %s", task.name, error)
        return False
    return True
