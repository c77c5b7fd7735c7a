"""DeepL requests per 1,000 Translate clicks on 50 posts, and a 200-post thread auto-translated.

Runs against an empty, migrated database of its own, with the test suite's DeepL fake
answering in 100 ms, and tasks run in-process (as the worker would run them):

    DATA_DIR=/tmp/bench-translate python manage.py migrate -v0
    DATA_DIR=/tmp/bench-translate python bench/translation_clicks.py
"""

import os
import random
import sys
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "halfway.settings.base")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from tests.fakes.deepl import AUTH_KEY, FakeDeepL

fake = FakeDeepL().start()
fake.behaviour.delay_seconds = 0.1
os.environ["DEEPL_AUTH_KEY"] = AUTH_KEY
os.environ["DEEPL_SERVER_URL"] = fake.url
django.setup()

from django.conf import settings  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from accounts.models import Member  # noqa: E402
from forum import services  # noqa: E402
from forum.models import Category  # noqa: E402
from halfway.celery import app  # noqa: E402

app.conf.task_always_eager = True
settings.TRANSLATION_RATE_LIMIT = (10_000, 600)  # the bench measures calls, not the limit


def member(name: str, language: str) -> Member:
    created = Member.objects.create_user(name, password="x")
    created.preferred_language = language
    created.save()
    return created


def main() -> None:
    writer = member("bench_writer", "zh-hans")
    readers = [member(f"bench_reader{n}", "en") for n in range(20)]
    category = Category.objects.get(slug="daily-life")
    thread = services.start_thread(
        author=writer, category=category, title="五十个帖子", body="第一个帖子。", region_code="CN"
    )
    posts = [thread.posts.get()] + [
        services.add_reply(
            author=writer, thread=thread, body=f"第{n}个回复，关于猫。", region_code="CN"
        )
        for n in range(49)
    ]
    clients = []
    for reader in readers:
        client = Client()
        client.force_login(reader)
        clients.append(client)
    rng = random.Random(3)
    started = time.perf_counter()
    for _ in range(1000):
        post = rng.choice(posts)
        rng.choice(clients).post(
            reverse("forum:post-translate", args=[post.pk]), headers={"hx-request": "true"}
        )
    elapsed = time.perf_counter() - started
    print(
        f"1,000 clicks on 50 posts by 20 readers: {len(fake.translate_requests)} DeepL requests, "
        f"{elapsed:.1f} s in all (tasks in-process, fake answering in 100 ms)"
    )

    long_thread = services.start_thread(
        author=writer, category=category, title="两百个帖子", body="开始。", region_code="CN"
    )
    for n in range(199):
        services.add_reply(
            author=writer, thread=long_thread, body=f"长帖第{n}条，今天天气很好。", region_code="CN"
        )
    before = len(fake.translate_requests)
    reader = Client()
    reader.force_login(member("bench_auto", "en"))
    started = time.perf_counter()
    for page in range(1, 11):
        reader.post(
            reverse("forum:thread-translate-page", args=[long_thread.pk]) + f"?page={page}",
            headers={"hx-request": "true"},
        )
    elapsed = time.perf_counter() - started
    texts = sum(len(request["text"]) for request in fake.translate_requests[before:])
    print(
        f"auto-translate of a 200-post thread (10 pages of 20): "
        f"{len(fake.translate_requests) - before} DeepL requests carrying {texts} texts, "
        f"{elapsed:.1f} s"
    )
    fake.stop()


if __name__ == "__main__":
    main()
