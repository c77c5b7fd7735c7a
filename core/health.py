"""Is each service Halfway depends on answering? Used by /healthz and `make run`."""

import asyncio
import logging
import uuid

from channels.layers import get_channel_layer
from django.conf import settings
from django.db import connection
from kombu import Connection

logger = logging.getLogger(__name__)

TIMEOUT_SECONDS = 3


def database_answers() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:
        logger.exception("health: database did not answer")
        return False


def broker_answers() -> bool:
    try:
        with Connection(
            settings.CELERY_BROKER_URL,
            transport_options=settings.CELERY_BROKER_TRANSPORT_OPTIONS,
            connect_timeout=TIMEOUT_SECONDS,
        ) as broker:
            broker.ensure_connection(
                max_retries=1, interval_start=0, interval_step=0, timeout=TIMEOUT_SECONDS
            )
            # A message sent and taken back proves the broker accepts work, not only a socket
            # (for the folder broker: that its folders exist and can be written and read).
            # Concurrent checks may take each other's message; any message will do.
            with broker.SimpleQueue("halfway.health") as queue:
                queue.put({"check": "health"})
                queue.get(timeout=TIMEOUT_SECONDS).ack()
        return True
    except Exception:
        logger.warning("health: broker did not answer", exc_info=True)
        return False


async def channel_layer_answers() -> bool:
    # A plain channel, not a process-local one (new_channel's "…!…"): the Redis layer lets
    # only one event loop at a time receive on those, and the sockets' loop is always
    # receiving, while this check runs in a request's own loop (pages come through WSGI).
    token = uuid.uuid4().hex
    channel = f"halfway.health.{token}"
    try:
        layer = get_channel_layer()
        await layer.send(channel, {"type": "health.check", "token": token})
        message = await asyncio.wait_for(layer.receive(channel), TIMEOUT_SECONDS)
        return message.get("token") == token
    except Exception:
        logger.warning("health: channel layer did not answer", exc_info=True)
        return False
