"""PostgreSQL restarts while members browse and post. While it is down, pages answer a
friendly 503 (never a 500, never a hang); once it is back they work again without the app
being restarted; every reply the site acknowledged is stored, once.

The server is a private PostgreSQL cluster made for the test (initdb), so stopping it touches
nothing else the suite runs."""

import threading
import time
import uuid
from collections import Counter

from tests.faults.conftest import signed_in, start_site, stop_site
from tests.faults.test_worker_killed import wait_for

SETUP = """
from accounts.models import Member
from forum import services as forum
from forum.models import Category
ann = Member.objects.get(username="ann")
thread = forum.start_thread(
    author=ann, category=Category.objects.get(slug="daily-life"), title="Cats and naps",
    body="My cat sleeps all day.", region_code="US",
)
print("ids", thread.pk)
"""


def test_pages_answer_503_while_postgres_restarts_and_recover(
    tmp_path, private_postgres, fault_deepl
):
    site = start_site(tmp_path, fault_deepl, DATABASE_URL=private_postgres.url)
    try:
        site.create_member("ann", language="en", display_name="Ann")
        thread_id = int(site.run_python(SETUP).split("ids ")[1].split()[0])
        readers = [signed_in(site, "ann") for _ in range(3)]
        writer = signed_in(site, "ann")

        statuses: Counter = Counter()
        slowest = [0.0]
        acknowledged: list[str] = []
        stop = threading.Event()

        def browse(session):
            while not stop.is_set():
                for path in ("/", f"/t/{thread_id}/"):
                    started = time.monotonic()
                    answer = session.get(site.url + path, timeout=30)
                    slowest[0] = max(slowest[0], time.monotonic() - started)
                    statuses[answer.status_code] += 1
                    if answer.status_code == 503:
                        assert "Halfway is back in a moment" in answer.text
                        assert answer.headers["Retry-After"] == "10"

        def write():
            while not stop.is_set():
                body = f"Reply {uuid.uuid4()}"
                answer = writer.post(
                    f"{site.url}/t/{thread_id}/reply/",
                    data={"body": body, "client_id": str(uuid.uuid4())},
                    allow_redirects=False,
                    timeout=30,
                )
                statuses[answer.status_code] += 1
                if answer.status_code == 302:
                    acknowledged.append(body)
                time.sleep(0.2)

        load = [threading.Thread(target=browse, args=(session,)) for session in readers]
        load.append(threading.Thread(target=write))
        for thread in load:
            thread.start()
        wait_for(lambda: statuses[200] and statuses[302], 60, "no page or reply before the stop")
        before = Counter(statuses)
        private_postgres.stop()
        # On a loaded machine requests in flight take a while: wait for the answers, not a time.
        wait_for(
            lambda: (Counter(statuses) - before)[503] >= 3, 60, "no 503 while PostgreSQL was down"
        )
        during = Counter(statuses) - before
        private_postgres.start()

        # Back without restarting anything: a page answers 200 again within seconds.
        back_at = time.monotonic()
        while readers[0].get(site.url + "/", timeout=30).status_code != 200:
            assert time.monotonic() - back_at < 30, "the site did not recover from the restart"
            time.sleep(0.2)
        recovered_in = time.monotonic() - back_at
        time.sleep(3)
        stop.set()
        for thread in load:
            thread.join(timeout=60)

        print(
            f"answers {dict(statuses)}; while down {dict(during)}; slowest {slowest[0]:.1f} s; "
            f"recovered in {recovered_in:.1f} s; replies acknowledged {len(acknowledged)}"
        )
        assert statuses[500] == 0, statuses
        assert set(statuses) <= {200, 302, 503}, statuses
        assert during[503] > 0, f"no 503 while PostgreSQL was down: {during}"
        assert slowest[0] < 12, f"a request hung {slowest[0]:.1f} s"
        assert recovered_in < 30
        stored = site.run_python(
            "from forum.models import Post\n"
            f"print('|'.join(Post.objects.filter(thread_id={thread_id}, number__gt=1)"
            ".values_list('body', flat=True)))"
        )
        stored_bodies = stored.splitlines()[-1].split("|")
        assert sorted(stored_bodies) == sorted(acknowledged)
    finally:
        stop_site(site)
