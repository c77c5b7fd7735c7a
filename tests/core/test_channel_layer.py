"""The embedded channel layer keeps the channel layer specification's promises."""

import asyncio

import pytest
from channels.exceptions import ChannelFull

from core.channel_layer import SQLiteChannelLayer


@pytest.fixture
def layers(tmp_path):
    """Two layers on one file: a web process and a worker, as far as the layer can tell."""
    path = str(tmp_path / "channels.sqlite3")
    return (
        SQLiteChannelLayer(path=path, poll_interval=0.01, capacity=5),
        SQLiteChannelLayer(path=path, poll_interval=0.01, capacity=5),
    )


async def test_a_group_message_from_another_process_arrives_in_order(layers):
    web, worker = layers
    channel = await web.new_channel()
    await web.group_add("member.1", channel)
    for number in range(3):
        await worker.group_send("member.1", {"type": "event", "number": number})
    received = [await asyncio.wait_for(web.receive(channel), 2) for _ in range(3)]
    assert [message["number"] for message in received] == [0, 1, 2]


async def test_a_discarded_channel_gets_nothing_more(layers):
    web, worker = layers
    channel = await web.new_channel()
    await web.group_add("member.1", channel)
    await web.group_discard("member.1", channel)
    await worker.group_send("member.1", {"type": "event"})
    with pytest.raises(TimeoutError):
        await asyncio.wait_for(web.receive(channel), 0.3)


async def test_messages_expire(tmp_path):
    layer = SQLiteChannelLayer(path=str(tmp_path / "c.sqlite3"), expiry=1, poll_interval=0.01)
    await layer.send("worker.jobs", {"type": "job"})
    await asyncio.sleep(1.1)
    with pytest.raises(TimeoutError):
        await asyncio.wait_for(layer.receive("worker.jobs"), 0.3)


async def test_a_full_channel_refuses_sends_and_group_sends_skip_it(layers):
    web, worker = layers
    for number in range(5):
        await worker.send("worker.jobs", {"type": "job", "number": number})
    with pytest.raises(ChannelFull):
        await worker.send("worker.jobs", {"type": "job"})
    assert (await web.receive("worker.jobs"))["number"] == 0


async def test_a_consumer_that_stops_reading_cannot_fill_memory(layers):
    web, worker = layers
    channel = await web.new_channel()
    await web.group_add("member.1", channel)

    async def burst():
        for _ in range(5):
            await worker.group_send("member.1", {"type": "event"})
        await asyncio.sleep(0.2)  # the poller moves the rows out of SQLite

    await burst()
    await asyncio.wait_for(web.receive(channel), 2)  # it reads one, then stops reading
    await burst()
    await burst()
    # The database side allowed each burst in; this process kept no more than capacity.
    assert web._queues[channel].qsize() == web.get_capacity(channel)


async def test_one_shot_receivers_leave_nothing_behind(layers):
    web, _ = layers
    for _ in range(50):
        channel = await web.new_channel()
        await web.send(channel, {"type": "health.check"})
        await asyncio.wait_for(web.receive(channel), 2)
    assert web._queues == {}
