"""The notifications page: a welcome reads as a welcome, each notification shows the opening
words of what was written, times read alike in both languages, and the page runs the same
queries however many notifications it lists."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from chat import services as chat_services
from forum import services
from forum.models import Notification
from tests.factories import MemberFactory, reply_by, thread_by
from tests.forum.test_welcomes import introduce

pytestmark = pytest.mark.django_db

URL = reverse("forum:notifications")


def notification_items(html: str) -> list[str]:
    return re.findall(r'<li class="notification.*?</li>', html, re.S)


def test_a_welcome_reads_as_a_welcome_and_a_reply_as_a_reply(member, other_member, client_for):
    introduction = introduce(member)
    services.welcome_newcomer(member=other_member, introduction=introduction, region_code="CN")
    reply_by(MemberFactory(display_name="Ana"), introduction.thread, body="Hello from Lisbon!")

    english = notification_items(client_for(member).get(URL).content.decode())
    assert len(english) == 2
    reply, welcome = english  # newest first
    assert "welcomed you 👋" in welcome and "replied to" not in welcome
    assert "Ana</strong> replied to" in reply

    member.preferred_language = "zh-hans"
    member.save(update_fields=["preferred_language"])
    chinese = notification_items(client_for(member).get(URL).content.decode())
    assert "下欢迎了你 👋" in chinese[1] and "回复了" not in chinese[1]


def test_each_notification_shows_the_opening_words_as_plain_text_in_their_language(
    member, other_member, client_for
):
    thread = thread_by(member, title="Cats")
    # Longer than the HTML a preview reads: its opening is cut after a whole tag.
    long_body = "**小猫**很可爱 & <i>好玩</i>。" + "我们**每天**都一起玩。\n\n" * 150
    reply_by(other_member, thread, body=long_body)

    html = client_for(member).get(URL).content.decode()
    preview = re.search(r'<p class="notification-preview"([^>]*)>(.*?)</p>', html, re.S)
    assert preview is not None
    assert 'lang="zh-hans"' in preview.group(1) or 'lang="zh"' in preview.group(1)
    text = preview.group(2)
    # No Markdown and no markup, and what the author typed is escaped once, not twice.
    assert text.startswith("小猫很可爱 &amp; &lt;i&gt;好玩&lt;/i&gt;。")
    assert "<" not in text and "**" not in text
    assert text.endswith("…") and len(text) < 140


def test_no_preview_of_a_deleted_post_or_of_a_member_one_blocked(member, other_member, client_for):
    thread = thread_by(member, title="Cats")
    reply = reply_by(other_member, thread, body="A reply that is deleted later")
    blocked_reply = reply_by(MemberFactory(username="pest"), thread, body="Words from a pest")
    reply_by(MemberFactory(), thread, body="A reply everyone reads")
    services.delete_post(author=other_member, post=reply)
    chat_services.block_member(blocker=member, blocked=blocked_reply.author)

    html = client_for(member).get(URL).content.decode()
    assert len(notification_items(html)) == 3
    assert html.count('class="notification-preview"') == 1
    assert "A reply everyone reads" in html
    assert "A reply that is deleted later" not in html
    assert "Words from a pest" not in html


def test_mark_read_is_an_icon_so_the_text_keeps_the_width(member, other_member, client_for):
    reply_by(other_member, thread_by(member), body="Hi")
    html = client_for(member).get(URL).content.decode()
    button = re.search(r'<button type="submit" class="notification-read".*?</button>', html, re.S)
    assert button is not None
    assert '<span class="visually-hidden">Mark read</span>' in button.group(0)
    assert "button-small" not in button.group(0)


def test_times_read_in_one_style_in_chinese_and_in_english(member, other_member, client_for):
    thread = thread_by(member, title="Cats")
    ages = [
        timedelta(seconds=43),
        timedelta(minutes=5),
        timedelta(hours=4),
        timedelta(days=2, hours=4),
        timedelta(days=45),
        timedelta(days=800),
    ]
    for age in ages:
        reply = reply_by(other_member, thread, body="Hi")
        Notification.objects.filter(post=reply).update(created_at=timezone.now() - age)

    member.preferred_language = "zh-hans"
    member.save(update_fields=["preferred_language"])
    chinese = client_for(member).get(URL).content.decode()
    times = re.findall(r"<time [^>]*>(.*?)</time>", chinese)
    assert times == ["43秒前", "5分钟前", "4小时前", "2天前", "1个月前", "2年前"]
    assert "之前" not in chinese and "日，" not in chinese

    member.preferred_language = "en"
    member.save(update_fields=["preferred_language"])
    english = client_for(member).get(URL).content.decode()
    times = [text.replace("\xa0", " ") for text in re.findall(r"<time [^>]*>(.*?)</time>", english)]
    assert times == [
        "43 seconds ago",
        "5 minutes ago",
        "4 hours ago",
        "2 days ago",
        "1 month ago",
        "2 years ago",
    ]


def test_the_page_runs_the_same_queries_at_3_and_30_notifications(
    member, other_member, client_for, django_assert_num_queries
):
    introduction = introduce(member)
    services.welcome_newcomer(member=other_member, introduction=introduction, region_code="CN")

    def notify(count):
        for index in range(count):
            reply_by(MemberFactory(), introduction.thread, body=f"Reply {index} with **words**")

    notify(2)
    client = client_for(member)
    client.get(URL)
    # the notifications' count, the page of them with their actors, posts, threads and
    # whether each post is a welcome; the session, the member's row, the header's unread
    # counts and the member's blocks were kept by the first page
    with django_assert_num_queries(2):
        client.get(URL)
    notify(27)
    client.get(URL)
    with django_assert_num_queries(2):
        html = client.get(URL).content.decode()
    assert html.count('class="notification-preview"') == 30
