"""Cross-process delivery latency of the configured channel layer.

A receiver process joins a group; this process sends timestamped messages to the group, one
every 20 ms, as a Celery worker publishing events would. Prints median, p95 and max latency.

    DJANGO_SETTINGS_MODULE=halfway.settings.base python bench/channel_layer_latency.py 300
"""

import asyncio
import json
import os
import statistics
import subprocess
import sys
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "halfway.settings.base")
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
django.setup()

from asgiref.sync import async_to_sync  # noqa: E402
from channels.layers import get_channel_layer  # noqa: E402

GROUP = "bench.latency"


async def receive(count: int) -> None:
    layer = get_channel_layer()
    channel = await layer.new_channel()
    await layer.group_add(GROUP, channel)
    print("ready", flush=True)
    latencies = []
    for _ in range(count):
        message = await asyncio.wait_for(layer.receive(channel), 30)
        latencies.append((time.time() - message["sent"]) * 1000)
    await layer.group_discard(GROUP, channel)
    print(json.dumps(latencies), flush=True)


def main(count: int) -> None:
    receiver = subprocess.Popen(
        [sys.executable, __file__, "receive", str(count)], stdout=subprocess.PIPE, text=True
    )
    assert receiver.stdout.readline().strip() == "ready"
    layer = get_channel_layer()
    for _ in range(count):
        async_to_sync(layer.group_send)(GROUP, {"type": "bench", "sent": time.time()})
        time.sleep(0.02)
    latencies = json.loads(receiver.stdout.readline())
    receiver.wait()
    latencies.sort()
    print(
        f"{type(layer).__module__}.{type(layer).__name__}: {count} messages, "
        f"median {statistics.median(latencies):.1f} ms, "
        f"p95 {latencies[int(len(latencies) * 0.95)]:.1f} ms, max {latencies[-1]:.1f} ms"
    )


if __name__ == "__main__":
    if sys.argv[1] == "receive":
        asyncio.run(receive(int(sys.argv[2])))
    else:
        main(int(sys.argv[1]))
