import asyncio
import shutil
import threading

import pytest
from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from kombu.transport.filesystem import Transport as FilesystemTransport

from core import health


@pytest.mark.django_db
def test_healthz_answers_ok_when_every_service_answers(anonymous):
    response = anonymous.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "broker": "ok", "channel_layer": "ok"},
    }


@pytest.mark.django_db
def test_healthz_is_503_and_names_the_broker_when_it_is_unreachable(anonymous, settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    settings.CELERY_BROKER_TRANSPORT_OPTIONS = {}
    response = anonymous.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"] == {
        "database": "ok",
        "broker": "unavailable",
        "channel_layer": "ok",
    }


@pytest.mark.django_db
def test_healthz_is_503_when_the_embedded_broker_folder_is_gone(anonymous, settings, tmp_path):
    queue = tmp_path / "queue"
    queue.mkdir()
    (tmp_path / "control").mkdir()
    settings.CELERY_BROKER_URL = "filesystem://"
    settings.CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(queue),
        "data_folder_out": str(queue),
        "control_folder": str(tmp_path / "control"),
    }
    # kombu remembers declared exchanges per process; forget those made with other folders.
    FilesystemTransport.global_state.clear()
    assert anonymous.get("/healthz").status_code == 200
    shutil.rmtree(queue)
    response = anonymous.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["broker"] == "unavailable"


def test_the_channel_layer_check_answers_while_sockets_are_receiving_in_another_loop():
    """A process holding sockets is always receiving on its own channels in its event loop;
    /healthz runs in a request's loop (pages come through WSGI). The check must not need
    that receiving to be its own."""
    layer = get_channel_layer()
    sockets_loop = asyncio.new_event_loop()
    thread = threading.Thread(target=sockets_loop.run_forever, daemon=True)
    thread.start()
    try:
        channel = asyncio.run_coroutine_threadsafe(layer.new_channel(), sockets_loop).result(10)
        receiving = asyncio.run_coroutine_threadsafe(layer.receive(channel), sockets_loop)
        assert async_to_sync(health.channel_layer_answers)()
        receiving.cancel()
    finally:
        sockets_loop.call_soon_threadsafe(sockets_loop.stop)
        thread.join(10)
