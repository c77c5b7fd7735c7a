"""CPU a process spends polling while N sockets wait on the configured layer and nothing arrives.

DJANGO_SETTINGS_MODULE=halfway.settings.base python bench/channel_layer_idle_cost.py 200
"""

import asyncio
import os
import resource
import sys
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "halfway.settings.base")
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
django.setup()

from channels.layers import get_channel_layer  # noqa: E402

SECONDS = 10


async def main(sockets: int) -> None:
    layer = get_channel_layer()
    channels = [await layer.new_channel() for _ in range(sockets)]
    waiting = [asyncio.ensure_future(layer.receive(channel)) for channel in channels]
    await asyncio.sleep(1)  # let every receiver start
    before = resource.getrusage(resource.RUSAGE_SELF)
    started = time.monotonic()
    await asyncio.sleep(SECONDS)
    after = resource.getrusage(resource.RUSAGE_SELF)
    elapsed = time.monotonic() - started
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    print(
        f"{type(layer).__module__}.{type(layer).__name__}: {sockets} idle receivers, "
        f"{100 * cpu / elapsed:.1f}% of one core spent polling"
    )
    for task in waiting:
        task.cancel()
    os._exit(0)


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1])))
