import pytest

from halfway.celery import app


@pytest.fixture
def refusing_broker():
    """Celery pointed at a port where nothing listens, as when Redis is down."""
    saved = {
        key: app.conf[key] for key in ("broker_url", "broker_transport", "broker_transport_options")
    }
    saved["task_always_eager"] = app.conf.task_always_eager
    app.conf.update(
        broker_url="redis://127.0.0.1:1/0",
        broker_transport=None,
        broker_transport_options={},
        task_always_eager=False,
    )
    app._pool = None  # its connections were made for the real broker's address
    app.amqp._producer_pool = None
    yield
    app.conf.update(saved)
    app._pool = None
    app.amqp._producer_pool = None
