"""The embedded broker never shows a worker a message that is still being written."""

import os

import pytest
from kombu import Connection
from kombu.transport import filesystem

from core import broker


def queued(folder) -> list[str]:
    """What a polling worker would take: names ending in ".<queue>.msg" after the first dot."""
    return [name for name in os.listdir(folder) if name.partition(".")[2] == "celery.msg"]


@pytest.mark.parametrize(
    ("module", "shows_partial"), [(broker, False), (filesystem, True)], ids=["halfway", "kombu"]
)
def test_a_task_message_appears_whole(tmp_path, monkeypatch, module, shows_partial):
    visible_while_writing = []
    real_dumps = module.dumps

    def dumps_and_look(payload):
        visible_while_writing.extend(queued(tmp_path))
        return real_dumps(payload)

    monkeypatch.setattr(module, "dumps", dumps_and_look)
    options = {"data_folder_in": str(tmp_path), "data_folder_out": str(tmp_path)}
    transport = f"{module.__name__}:Transport"
    with Connection("filesystem://", transport=transport, transport_options=options) as conn:
        channel = conn.channel()
        channel._put("celery", {"body": "translate 42"})
        # kombu's own transport shows the worker an empty file at this moment; ours nothing.
        assert bool(visible_while_writing) is shows_partial
        assert queued(tmp_path) and channel._get("celery") == {"body": "translate 42"}
        assert os.listdir(tmp_path) == []
