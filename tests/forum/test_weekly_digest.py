"""The weekly digest: the week's liveliest threads of a member's feed they have not opened, in
their language, titles translated beside the originals (the shared cache first, DeepL within
the site's limit), a week apart, with a one-click unsubscribe."""

import datetime
from html import escape

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from chat.services import block_member
from forum import services
from forum.models import NotificationSettings, ThreadRead
from tests.factories import MemberFactory, reply_by, thread_by
from translation.models import Translation

pytestmark = pytest.mark.django_db

WEEK = datetime.timedelta(days=7)


@pytest.fixture(autouse=True)
def site(settings):
    settings.SITE_URL = "https://halfway.example"
    settings.EMAIL_TRANSLATION_LIMIT = (100_000, 86400)


@pytest.fixture
def run_digests(django_capture_on_commit_callbacks):
    def run(now=None):
        with django_capture_on_commit_callbacks(execute=True):
            return services.send_weekly_digests(now=now or timezone.now())

    return run


def a_week_old(*members):
    for member in members:
        type(member).objects.filter(pk=member.pk).update(date_joined=timezone.now() - 2 * WEEK)


@pytest.fixture
def week(member, other_member):
    """An English and a Chinese thread with replies, by two writers in different places."""
    writer = MemberFactory(username="writer", display_name="Sam")
    writer_zh = MemberFactory(
        username="writer_zh", display_name="小明", preferred_language="zh-hans"
    )
    english = thread_by(writer, title="Where to find good tea in Texas", region_code="US")
    chinese = thread_by(
        writer_zh, title="第一次用英语点咖啡", body="紧张得说不出话来。", region_code="CN"
    )
    for _ in range(3):
        reply_by(MemberFactory(), chinese)
    reply_by(MemberFactory(), english)
    a_week_old(member, other_member)
    return english, chinese


def test_the_digest_in_english_has_chinese_titles_translated_beside(
    member, week, run_digests, deepl
):
    _english, chinese = week
    NotificationSettings.objects.create(member=MemberFactory(), email_digest=False)

    assert run_digests() == 2  # Jess and 小蓝: everyone else joined this week
    (email,) = [each for each in mail.outbox if each.to == ["jess@example.com"]]
    translated = "第一次用英语点咖啡 ([EN-US] 第一次用英语点咖啡)"
    assert email.subject == f"This week on Halfway: {translated}"  # the liveliest first
    assert email.body.index(translated) < email.body.index("Where to find good tea in Texas")
    assert "小明 · IP region: China · 3 replies" in email.body
    assert "Sam · IP region: United States · 1 reply" in email.body
    assert f"https://halfway.example/t/{chinese.pk}/" in email.body
    assert email.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_the_digest_in_chinese(other_member, week, run_digests, deepl):
    run_digests()
    (email,) = [each for each in mail.outbox if each.to == ["xiaolan@example.com"]]
    assert email.subject.startswith("本周 Halfway 精选：")
    assert (
        "Where to find good tea in Texas（[ZH-HANS] Where to find good tea in Texas）" in email.body
    )
    assert "Sam · IP属地：美国 · 1 条回复" in email.body
    assert "第一次用英语点咖啡\n" in email.body  # already in her language: no translation
    html = email.alternatives[0][0]
    assert 'lang="zh-hans"' in html and "退订" in html


def test_hostile_markup_in_a_title_is_text_in_the_email(member, week, run_digests):
    thread_by(MemberFactory(), title='<img src=x onerror="alert(1)"> tea', region_code="US")
    run_digests()
    (email,) = [each for each in mail.outbox if each.to == ["jess@example.com"]]
    html = email.alternatives[0][0]
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt; tea" in html and "<img" not in html
    assert '<img src=x onerror="alert(1)"> tea' in email.body  # plain text, as written


def test_a_member_who_opened_a_thread_this_week_gets_no_digest(member, week, run_digests):
    _english, chinese = week
    ThreadRead.objects.create(member=member, thread=chinese, last_read_number=1)
    run_digests()
    assert [each.to for each in mail.outbox] == [["xiaolan@example.com"]]


def test_a_digest_leaves_out_the_members_own_threads_and_blocked_writers(member, week, run_digests):
    english, chinese = week
    block_member(blocker=english.author, blocked=member)
    thread_by(member, title="My own thread")

    run_digests()
    (email,) = [each for each in mail.outbox if each.to == ["jess@example.com"]]
    assert chinese.title in email.body
    assert english.title not in email.body and "My own thread" not in email.body


def test_digests_are_a_week_apart_and_the_unsubscribe_link_stops_them(member, week, run_digests):
    now = timezone.now()
    run_digests(now)
    (email,) = [each for each in mail.outbox if each.to == ["jess@example.com"]]
    mail.outbox.clear()
    assert run_digests(now + datetime.timedelta(days=6)) == 0

    path = (
        email.extra_headers["List-Unsubscribe"].strip("<>").removeprefix("https://halfway.example")
    )
    Client(enforce_csrf_checks=True).post(path, {"List-Unsubscribe": "One-Click"})
    assert NotificationSettings.objects.get(member=member).email_digest is False
    thread_by(MemberFactory(), title="Another week, another thread")
    run_digests(now + WEEK + datetime.timedelta(hours=1))
    assert all(each.to != ["jess@example.com"] for each in mail.outbox)


def test_a_hundred_members_cost_deepl_each_title_once(week, run_digests, deepl):
    english, chinese = week
    readers = [
        MemberFactory(preferred_language="zh-hans" if number % 2 else "en") for number in range(100)
    ]
    a_week_old(*readers)
    deepl.behaviour.characters = 0

    assert run_digests() >= 100
    assert deepl.behaviour.characters == len(escape(english.title)) + len(escape(chinese.title))


def test_past_the_sites_limit_titles_come_alone(member, week, run_digests, deepl, settings):
    settings.EMAIL_TRANSLATION_LIMIT = (5, 86400)
    run_digests()
    (email,) = [each for each in mail.outbox if each.to == ["jess@example.com"]]
    assert deepl.behaviour.characters == 0
    assert "第一次用英语点咖啡\n" in email.body and "[EN-US]" not in email.body


def test_a_deepl_that_is_away_delays_no_digest(member, week, run_digests, deepl):
    deepl.behaviour.fail_with = 503
    assert run_digests() == 2
    (email,) = [each for each in mail.outbox if each.to == ["jess@example.com"]]
    assert "第一次用英语点咖啡\n" in email.body and "[EN-US]" not in email.body
    # The title's row is failed, not left pending: a reader's click makes it again.
    assert set(Translation.objects.values_list("status", flat=True)) == {"failed"}
