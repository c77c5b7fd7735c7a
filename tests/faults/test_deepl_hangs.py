"""DeepL stops answering while members click Translate: translation waits on its own queue and
workers, so a password-reset email goes out at once (the issue measured 13.9 s with three
translations hung, against 0.7 s)."""

import re
import time

import pytest
import requests
from django.conf import settings

from tests.faults.conftest import signed_in, start_site, stop_site, worker_process
from tests.faults.test_worker_killed import wait_for

SETUP = """
from accounts.models import Member
from forum import services as forum
from forum.models import Category
bo = Member.objects.get(username="bo")
thread = forum.start_thread(
    author=bo, category=Category.objects.get(slug="daily-life"), title="周末包饺子",
    body="周末有人想一起包饺子吗？", region_code="CN",
)
replies = [
    forum.add_reply(author=bo, thread=thread, body=body, region_code="CN")
    for body in ("我教你们包饺子。", "我们在包饺子的时候喝茶。")
]
print("ids", thread.posts.order_by("pk").first().pk, *[reply.pk for reply in replies])
"""


def mail_text(folder) -> str:
    if not folder.exists():
        return ""
    return "".join(path.read_text() for path in folder.iterdir())


def reset_password(site, email: str) -> None:
    session = requests.Session()
    page = session.get(f"{site.url}/accounts/password/reset/", timeout=10)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    answer = session.post(
        f"{site.url}/accounts/password/reset/",
        data={"csrfmiddlewaretoken": token, "email": email},
        headers={"Referer": f"{site.url}/accounts/password/reset/"},
        timeout=10,
    )
    assert answer.ok, answer.status_code


@pytest.mark.parametrize("broker", ["embedded", "redis"])
def test_an_email_goes_out_at_once_while_deepl_hangs(broker, tmp_path, fault_deepl, request):
    redis = {"REDIS_URL": request.getfixturevalue("private_redis").url} if broker == "redis" else {}
    site = start_site(tmp_path, fault_deepl, **redis)
    try:
        # As docker-compose.yml runs them: one worker per queue.
        site.processes[1].terminate()
        site.processes[1].wait(timeout=15)
        site.processes[1:] = [
            worker_process(site.env, queues="celery", name="mail@%h"),
            worker_process(site.env, queues="translation", name="translation@%h"),
        ]
        site.create_member("ann", language="en", display_name="Ann")
        site.create_member("bo", language="zh-hans", display_name="Bo")
        post_ids = site.run_python(SETUP).split("ids ")[1].split()
        ann = signed_in(site, "ann")

        fault_deepl.behaviour.hang_on = "饺子"  # in all three texts: DeepL never answers
        for post_id in post_ids:
            clicked = ann.post(
                f"{site.url}/p/{post_id}/translate/", headers={"HX-Request": "true"}, timeout=10
            )
            assert "Translating" in clicked.text
        wait_for(lambda: fault_deepl.translate_requests, 30, "DeepL was not asked")

        mail = site.data_dir / "mail"
        started = time.monotonic()
        reset_password(site, "ann@example.com")
        # The backend creates the file before it writes the message: wait for the message.
        wait_for(lambda: "ann@example.com" in mail_text(mail), 60, "no email was sent")
        took = time.monotonic() - started
        print(f"password-reset email with DeepL hung ({broker}): {took:.2f} s")
        # Behind a hung translation, the email would wait at least one DeepL timeout.
        assert took < settings.DEEPL_TIMEOUT_SECONDS, f"the email waited {took:.1f} s"
    finally:
        fault_deepl.behaviour.reset()
        stop_site(site)
