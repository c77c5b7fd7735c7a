"""The Celery worker is killed (SIGKILL: no goodbye) in the middle of a translation, then
started again. The translation arrives once the worker is back, without a new click; DeepL is
asked again only for the text it was translating when the worker died, and never for a
translation already stored."""

import contextlib
import os
import signal
import subprocess
import time

import pytest

from tests.faults.conftest import signed_in, start_site, stop_site, worker_process

SETUP = """
from accounts.models import Member
from forum import services as forum
from forum.models import Category
bo = Member.objects.get(username="bo")
thread = forum.start_thread(
    author=bo, category=Category.objects.get(slug="daily-life"), title="周末包饺子",
    body="周末有人想一起包饺子吗？我教你们。", region_code="CN",
)
print("ids", thread.posts.get().pk)
"""


def kill_worker(process: subprocess.Popen) -> None:
    """SIGKILL the worker's main process and its pool children, as an OOM kill would."""
    children = subprocess.run(
        ["pgrep", "-P", str(process.pid)], capture_output=True, text=True, check=False
    ).stdout.split()
    for pid in [process.pid, *map(int, children)]:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    process.wait(timeout=10)


def wait_for(condition, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = condition()
        if found:
            return found
        time.sleep(0.2)
    raise AssertionError(f"{what} within {seconds} s")


@pytest.mark.parametrize("broker", ["embedded", "redis"])
def test_a_translation_survives_the_worker_being_killed_mid_call(
    broker, tmp_path, fault_deepl, request
):
    if broker == "redis":
        site = start_site(
            tmp_path, fault_deepl, REDIS_URL=request.getfixturevalue("private_redis").url
        )
    else:
        site = start_site(tmp_path, fault_deepl)
    try:
        site.create_member("ann", language="en", display_name="Ann")
        site.create_member("bo", language="zh-hans", display_name="Bo")
        post_id = int(site.run_python(SETUP).split("ids ")[1].split()[0])
        ann = signed_in(site, "ann")
        htmx = {"HX-Request": "true"}

        fault_deepl.behaviour.delay_seconds = 3  # the worker is inside the call when killed
        clicked = ann.post(f"{site.url}/p/{post_id}/translate/", headers=htmx, timeout=10)
        assert "Translating" in clicked.text
        wait_for(lambda: fault_deepl.translate_requests, 15, "DeepL was not asked")
        kill_worker(site.processes[1])

        fault_deepl.behaviour.delay_seconds = 0
        site.processes[1] = worker_process(site.env)
        state_url = clicked.text.split('hx-get="')[1].split('"')[0]
        done = wait_for(
            lambda: "[EN-US]" in (text := ann.get(site.url + state_url, timeout=10).text) and text,
            60,
            "the translation did not arrive once the worker was back",
        )
        assert "周末有人想一起包饺子吗" in done  # the translation of the right text
        # Asked twice: the call the dead worker never saw answered, and the one that worked.
        assert len(fault_deepl.translate_requests) == 2

        # A finished translation is never paid for again: the same task delivered once more
        # (as a broker does after a lost acknowledgement) and another worker restart ask
        # DeepL nothing.
        site.run_python(
            "from translation.models import Translation\nfrom translation import tasks\n"
            "tasks.translate_contents.delay(list(Translation.objects.values_list('pk', flat=True)))"
        )
        kill_worker(site.processes[1])
        site.processes[1] = worker_process(site.env)
        time.sleep(5)
        assert len(fault_deepl.translate_requests) == 2
    finally:
        stop_site(site)
