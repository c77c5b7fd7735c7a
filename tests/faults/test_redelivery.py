"""A translation worker is killed (SIGKILL) in the middle of a task while another worker is
alive (Redis broker): the task comes back to the living worker after the visibility timeout,
not kombu's default hour, and DeepL is paid once for each text, the text stored before the
kill included."""

import time

from tests.faults.conftest import signed_in, start_site, stop_site, worker_process
from tests.faults.test_worker_killed import kill_worker, wait_for

VISIBILITY_SECONDS = 10

SETUP = """
from accounts.models import Member
from forum import services as forum
from forum.models import Category
bo = Member.objects.get(username="bo")
thread = forum.start_thread(
    author=bo, category=Category.objects.get(slug="daily-life"), title="周末包饺子",
    body="周末有人想一起包饺子吗？我教你们。", region_code="CN",
)
reply = forum.add_reply(
    author=bo, thread=thread, body="猫が好きです。毎日ひらがなで日記を書いています。",
    region_code="JP",
)
assert reply.language == "ja", reply.language  # a second batch: another language pair
print("ids", thread.pk)
"""

STATE = """
from translation.models import Translation
for row in Translation.objects.order_by("pk"):
    print("row", row.status, row.billed_characters, len(row.source_html))
"""


def rows(site) -> list[tuple[str, int, int]]:
    return [
        (status, int(billed), int(length))
        for _row, status, billed, length in (
            line.split() for line in site.run_python(STATE).splitlines() if line.startswith("row")
        )
    ]


def test_a_killed_workers_task_comes_back_to_another_worker_and_pays_once_per_text(
    tmp_path, fault_deepl, private_redis
):
    site = start_site(
        tmp_path,
        fault_deepl,
        REDIS_URL=private_redis.url,
        CELERY_VISIBILITY_TIMEOUT_SECONDS=str(VISIBILITY_SECONDS),
    )
    try:
        site.create_member("ann", language="en", display_name="Ann")
        site.create_member("bo", language="zh-hans", display_name="Bo")
        thread_id = site.run_python(SETUP).split("ids ")[1].split()[0]
        ann = signed_in(site, "ann")

        # The Chinese batch is answered and stored; DeepL never answers the Japanese one.
        fault_deepl.behaviour.hang_on = "ひらがな"
        ann.post(
            f"{site.url}/t/{thread_id}/translate-page/", headers={"HX-Request": "true"}, timeout=10
        )
        wait_for(
            lambda: any("ひらがな" in t for r in fault_deepl.translate_requests for t in r["text"]),
            30,
            "the Japanese text was not sent",
        )
        assert [status for status, *_ in rows(site)] == ["done", "done", "pending"]

        # A second worker, alive and idle (its start reads DeepL's usage: then it is ready).
        fault_deepl.behaviour.usage_requests = 0
        site.processes.append(worker_process(site.env, name="second@%h"))
        wait_for(
            lambda: fault_deepl.behaviour.usage_requests, 30, "the second worker did not start"
        )

        # Killed while its call hangs; DeepL answers again only after, so nothing the killed
        # worker sent can have been answered. On a loaded machine the hung call may have timed
        # out and been retried before the kill: count the calls from here on.
        kill_worker(site.processes[1])
        killed = time.monotonic()
        sent_before_the_kill = len(fault_deepl.translate_requests)
        fault_deepl.behaviour.hang_on = ""
        wait_for(
            lambda: [status for status, *_ in rows(site)] == ["done"] * 3,
            VISIBILITY_SECONDS + 40,
            "the killed worker's task did not come back",
        )
        came_back = time.monotonic() - killed
        print(f"redelivered and done {came_back:.1f} s after the kill")

        requests = fault_deepl.translate_requests
        texts = [t for request in requests for t in request["text"]]
        chinese = [t for t in texts if "饺子" in t]
        assert len(chinese) == 2  # title and post, stored before the kill: never sent again
        after_the_kill = [t for r in requests[sent_before_the_kill:] for t in r["text"]]
        assert after_the_kill == [t for t in texts if "ひらがな" in t][-1:]  # sent once more
        stored = rows(site)
        billed = sum(billed for _status, billed, _length in stored)
        assert billed == sum(length for *_, length in stored) == fault_deepl.behaviour.characters
        print(f"DeepL billed {fault_deepl.behaviour.characters} characters for 3 texts of {billed}")
    finally:
        stop_site(site)
