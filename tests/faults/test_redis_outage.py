"""Redis stops (broker, channel layer and cache in production mode) and comes back.

While it is down: pages render, posting and chat work (chat over plain POST: the message is
stored and the other side fetches it), translation says it is unavailable, /healthz says which
services are missing, and no answer is a 500. Once it is back: translation works again, live
chat frames flow again, and nothing sent during the outage is lost or doubled.
"""

import asyncio
import json
import time
import uuid

import websockets

from tests.faults.conftest import signed_in, start_site, stop_site

SLOW = 5.0  # seconds: no request may hang longer than this while Redis is away

SETUP = """
from accounts.models import Member
from chat import services as chat
from forum import services as forum
from forum.models import Category
import uuid
ann = Member.objects.get(username="ann")
bo = Member.objects.get(username="bo")
forum.follow_member(follower=ann, member=bo, follow=True)
forum.follow_member(follower=bo, member=ann, follow=True)
thread = forum.start_thread(
    author=bo, category=Category.objects.get(slug="daily-life"), title="我家的猫",
    body="我家的猫整天都在睡觉，你们的猫也这样吗？", region_code="CN",
)
conversation = chat.direct_conversation(sender=ann, recipient=bo)
chat.send_message(author=ann, conversation=conversation, body="Hi Bo!", client_id=uuid.uuid4())
print("ids", thread.pk, thread.posts.get().pk, conversation.pk)
"""


def timed(send, *args, **kwargs):
    started = time.monotonic()
    answer = send(*args, timeout=30, **kwargs)
    return answer, time.monotonic() - started


async def next_frame(url: str, cookies: str, want: str, seconds: float) -> dict:
    """Connect a socket as the page does and return the first frame of type `want`."""
    # An Origin is scheme, host and port, never a path.
    origin = url.replace("ws://", "http://").removesuffix("/ws/")
    async with websockets.connect(
        url, additional_headers={"Cookie": cookies, "Origin": origin}
    ) as socket:
        async with asyncio.timeout(seconds):
            while True:
                frame = json.loads(await socket.recv())
                if frame.get("type") == want:
                    return frame


def test_the_site_carries_on_without_redis_and_recovers(tmp_path, private_redis, fault_deepl):
    site = start_site(tmp_path, fault_deepl, REDIS_URL=private_redis.url)
    try:
        site.create_member("ann", language="en", display_name="Ann")
        site.create_member("bo", language="zh-hans", display_name="Bo")
        ids = site.run_python(SETUP).split("ids ")[1].split()
        thread_id, post_id, conversation_id = (int(value) for value in ids)
        ann, bo = signed_in(site, "ann"), signed_in(site, "bo")
        htmx = {"HX-Request": "true"}

        private_redis.stop()
        answers = {}
        answers["home"], slowest = timed(ann.get, f"{site.url}/")
        answers["thread"], took = timed(ann.get, f"{site.url}/t/{thread_id}/")
        slowest = max(slowest, took)
        answers["reply"], took = timed(
            ann.post,
            f"{site.url}/t/{thread_id}/reply/",
            data={"body": "Mine too, all day long.", "client_id": str(uuid.uuid4())},
        )
        slowest = max(slowest, took)
        outage_message = str(uuid.uuid4())
        answers["chat"], took = timed(
            ann.post,
            f"{site.url}/chat/{conversation_id}/send/",
            data={"body": "Are you there?", "client_id": outage_message},
            headers=htmx,
        )
        slowest = max(slowest, took)
        answers["translate"], took = timed(
            ann.post, f"{site.url}/p/{post_id}/translate/", headers=htmx
        )
        slowest = max(slowest, took)
        answers["inbox"], took = timed(bo.get, f"{site.url}/chat/{conversation_id}/")
        slowest = max(slowest, took)
        health, _took = timed(ann.get, f"{site.url}/healthz")

        assert {name: answer.status_code for name, answer in answers.items()} == {
            "home": 200,
            "thread": 200,
            "reply": 200,  # redirected to the new post's page (requests follows)
            "chat": 200,
            "translate": 200,
            "inbox": 200,
        }
        assert slowest < SLOW, f"a request took {slowest:.1f} s while Redis was away"
        assert "Mine too, all day long." in answers["reply"].text
        assert "Translation is unavailable right now" in answers["translate"].text
        assert "Are you there?" in answers["inbox"].text  # Bo reads it over plain HTTP
        assert health.status_code == 503
        assert health.json()["checks"]["broker"] == "unavailable"
        assert health.json()["checks"]["database"] == "ok"

        private_redis.start()
        deadline = time.monotonic() + 60
        while ann.get(f"{site.url}/healthz", timeout=10).status_code != 200:
            assert time.monotonic() < deadline, "the site did not see Redis come back"
            time.sleep(0.5)

        # Translation works again: the click that failed is made again, by the worker.
        retried = ann.post(f"{site.url}/p/{post_id}/translate/", headers=htmx, timeout=10)
        assert "Translating" in retried.text or "[EN-US]" in retried.text
        state_url = (
            retried.text.split('hx-get="')[1].split('"')[0] if "hx-get" in retried.text else ""
        )
        deadline = time.monotonic() + 30
        while "[EN-US]" not in retried.text:
            assert time.monotonic() < deadline, "the translation did not arrive after Redis"
            time.sleep(0.5)
            retried = ann.get(site.url + state_url, headers=htmx, timeout=10)
        assert len(fault_deepl.translate_requests) == 1

        # Live chat frames flow again: Bo's socket receives Ann's next message.
        socket_url = site.url.replace("http://", "ws://") + "/ws/"
        cookies = "; ".join(f"{name}={value}" for name, value in bo.cookies.items())

        async def send_while_listening():
            listening = asyncio.create_task(
                next_frame(socket_url, cookies, "chat.message", seconds=20)
            )
            await asyncio.sleep(1)
            await asyncio.to_thread(
                ann.post,
                f"{site.url}/chat/{conversation_id}/send/",
                data={"body": "Back again!", "client_id": str(uuid.uuid4())},
                headers=htmx,
                timeout=10,
            )
            return await listening

        frame = asyncio.run(send_while_listening())
        assert frame["type"] == "chat.message"

        # Nothing lost, nothing doubled.
        counts = site.run_python(
            "from chat.models import Message\nfrom forum.models import Post\n"
            f"print(Message.objects.filter(conversation_id={conversation_id}).count(), "
            f"Post.objects.filter(thread_id={thread_id}).count(), "
            f"Message.objects.filter(client_id='{outage_message}').count())"
        )
        assert counts.splitlines()[-1].split() == ["3", "2", "1"]
    finally:
        stop_site(site)
