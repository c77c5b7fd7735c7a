"""What the e-mails for members who are away cost: e-mails sent for a burst of 20 replies in
10 minutes to one member who is away (the minute job run for an hour of simulated time), and
the DeepL characters of one week's digests for 100 members.

Runs against an empty, migrated database of its own, with the test suite's DeepL fake, and
tasks run in-process (as the worker would run them):

    DATA_DIR=/tmp/bench-email python manage.py migrate -v0
    DATA_DIR=/tmp/bench-email MODERATION_POSTING_LIMITS=false python bench/email_cost.py
"""

import datetime
import os
import random
import sys
import time
from html import escape

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "halfway.settings.base")
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from tests.fakes.deepl import AUTH_KEY, FakeDeepL

fake = FakeDeepL().start()
os.environ["DEEPL_AUTH_KEY"] = AUTH_KEY
os.environ["DEEPL_SERVER_URL"] = fake.url
django.setup()

from allauth.account.models import EmailAddress  # noqa: E402
from django.conf import settings  # noqa: E402
from django.core import mail  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.models import Member  # noqa: E402
from forum import services  # noqa: E402
from forum.models import Category, Notification  # noqa: E402
from halfway.celery import app  # noqa: E402

app.conf.task_always_eager = True
settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
mail.outbox = []
WEEK = datetime.timedelta(days=7)
ENGLISH_TITLES = [
    "Where to find good tea in Texas", "First snow in Toronto", "Learning tones is hard",
    "Best dumplings I ever made", "My cat watches Chinese dramas", "Weekend hike near Denver",
    "How do you say 'awkward' in Chinese?", "Night market food in Taipei vs LA",
    "Tips for a first trip to Chengdu", "Why is everyone here so kind?",
]  # fmt: skip
CHINESE_TITLES = [
    "第一次用英语点咖啡", "北方的冬天怎么过", "推荐几本好读的英文小说", "在美国怎么买到好吃的豆腐",
    "老成员说两句", "我家乡的早餐", "大家周末都做什么", "学英语最难的是什么",
    "成都火锅攻略", "想找语言交换的朋友",
]  # fmt: skip


def member(name: str, language: str, joined: datetime.datetime) -> Member:
    created = Member.objects.create_user(name, email=f"{name}@example.com", password="x")
    Member.objects.filter(pk=created.pk).update(preferred_language=language, date_joined=joined)
    EmailAddress.objects.create(user=created, email=created.email, verified=True, primary=True)
    created.refresh_from_db()
    return created


def burst() -> tuple[int, list[int]]:
    """20 replies to one thread in 10 minutes; the minute job runs for an hour."""
    now = timezone.now()
    away = member("away_member", "en", now - WEEK * 2)
    category = Category.objects.get(slug="daily-life")
    thread = services.start_thread(
        author=away, category=category, title="Dumplings at midnight", body="Who's up?",
        region_code="US",
    )  # fmt: skip
    repliers = [member(f"replier{n}", "zh-hans", now) for n in range(5)]
    start = now
    for number in range(20):
        services.add_reply(
            author=repliers[number % 5], thread=thread, body=f"回复 {number}", region_code="CN"
        )
    for number, notice in enumerate(Notification.objects.filter(recipient=away).order_by("pk")):
        when = start + datetime.timedelta(seconds=30 * number)
        Notification.objects.filter(pk=notice.pk).update(created_at=when)
    before = len(mail.outbox)
    sent_at = []
    for minute in range(61):
        if services.send_away_emails(now=start + datetime.timedelta(minutes=minute)):
            sent_at.append(minute)
    return len(mail.outbox) - before, sent_at


def digests() -> dict:
    """A week of 20 threads, 10 in each language, with replies; 100 members who joined
    earlier, half reading in Chinese, half in English."""
    now = timezone.now()
    categories = list(Category.objects.filter(is_introductions=False))
    writers = [member(f"writer{n}", ("en", "zh-hans")[n % 2], now) for n in range(10)]
    rng = random.Random(7)
    titles = [(title, "en") for title in ENGLISH_TITLES] + [(t, "zh") for t in CHINESE_TITLES]
    for number, (title, _language) in enumerate(titles):
        thread = services.start_thread(
            author=writers[number % 10], category=categories[number % len(categories)],
            title=title, body=title + " …", region_code=("US", "CN")[number % 2],
        )  # fmt: skip
        for _ in range(rng.randrange(0, 12)):
            services.add_reply(
                author=writers[rng.randrange(10)], thread=thread, body="👍", region_code="CA"
            )
    readers = [member(f"reader{n}", ("en", "zh-hans")[n % 2], now - WEEK * 3) for n in range(100)]
    fake.behaviour.characters = 0
    fake.behaviour.requests.clear()
    before = len(mail.outbox)
    started = time.perf_counter()
    sent = services.send_weekly_digests(now=now + datetime.timedelta(minutes=1))
    seconds = time.perf_counter() - started
    emails = mail.outbox[before:]
    # What translating each e-mail's titles on its own would have cost: no shared cache.
    naive = 0
    by_address = {reader.email: reader for reader in readers}
    for email in emails:
        reader = by_address.get(email.to[0])
        if reader is None:  # the burst's member, a member for two weeks too
            continue
        wanted = "zh" if reader.preferred_language == "en" else "en"
        naive += sum(len(escape(t)) for t, lang in titles if lang == wanted and t in email.body)
    return {
        "digests": sent,
        "deepl_characters": fake.behaviour.characters,
        "deepl_requests": len(fake.behaviour.requests),
        "characters_without_the_shared_cache": naive,
        "seconds": round(seconds, 2),
    }


def main() -> None:
    emails, minutes = burst()
    print(f"burst of 20 replies in 10 minutes: {emails} e-mail(s), sent at minute(s) {minutes}")
    print("digests for 100 members:", digests())
    fake.stop()


if __name__ == "__main__":
    main()
