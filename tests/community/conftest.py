"""A small community to count: members in two regions (and one unknown), posts in both
languages across two weeks, a welcome, and conversations within and across regions."""

from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from unittest import mock

import pytest
from django.utils import timezone

from accounts.models import Member
from chat import services as chat_services
from forum import services as forum_services
from forum.models import Post
from tests.factories import MemberFactory, reply_by, thread_by

ENGLISH = "My cat sleeps in the sun all afternoon and snores like a tiny tractor."
CHINESE = "我家的猫咪整个下午都在阳光下睡觉，打呼噜的声音像一台小拖拉机。"


@contextmanager
def at(moment: datetime):
    """Make what happens inside happen at `moment`: rows stamp their creation with Django's
    clock (auto_now_add), which a test cannot otherwise move into the past."""
    with mock.patch("django.utils.timezone.now", return_value=moment):
        yield


@dataclass
class World:
    today: date
    ana: Member  # United States, joined two days ago
    ben: Member  # United States, joined today
    chen: Member  # China, joined two days ago
    dai: Member  # China, joined today, introduces herself
    eve: Member  # no region known, joined today
    old_reply: Post  # Chinese, a week ago


def start_conversation(sender: Member, recipient: Member, body: str = "Hello!"):
    conversation = chat_services.direct_conversation(sender=sender, recipient=recipient)
    chat_services.send_message(author=sender, conversation=conversation, body=body, client_id="")
    return conversation


@pytest.fixture
def world(db) -> World:
    now = timezone.now()
    today = timezone.localdate()
    two_days_ago = now - timedelta(days=2)
    ana = MemberFactory(username="ana", region_code="US", date_joined=two_days_ago)
    ben = MemberFactory(username="ben", region_code="US", date_joined=now)
    chen = MemberFactory(username="chen", region_code="CN", date_joined=two_days_ago)
    dai = MemberFactory(
        username="dai", region_code="CN", date_joined=now, preferred_language="zh-hans"
    )
    eve = MemberFactory(username="eve", region_code="", date_joined=now)

    # Last week: one post in English, one in Chinese.
    with at(now - timedelta(days=7)):
        old_thread = thread_by(ana, title="Cats in the sun", body=ENGLISH)
        old_reply = reply_by(chen, old_thread, body=CHINESE)
    # This week: Chinese (a thread and an introduction), English (a reply and a welcome), and
    # a deleted reply, which does not count.
    thread = thread_by(chen, title="猫咪晒太阳", body=CHINESE)
    reply_by(ana, thread, body=ENGLISH)
    forum_services.delete_post(author=ben, post=reply_by(ben, thread, body=ENGLISH))
    introduction = forum_services.post_introduction(
        member=dai,
        title="大家好",
        who_i_am=CHINESE,
        where_from="成都",
        hope_to_learn="我想了解大家周末都做些什么，还有你们最喜欢吃什么菜。",
        languages_spoken=["zh"],
        languages_learning=["en"],
        interests=[],
        region_code="CN",
    )
    forum_services.welcome_newcomer(member=ana, introduction=introduction, region_code="US")

    # Three days ago: across regions (counted), within one region, with an unknown region,
    # and a group across regions (not one-to-one).
    with at(now - timedelta(days=3)):
        start_conversation(ana, chen)
        start_conversation(ana, ben)
        start_conversation(ben, eve)
        group = chat_services.create_group(creator=ana, title="Cats", members=[chen])
        chat_services.send_message(author=ana, conversation=group, body="Hi all", client_id="")
    return World(today=today, ana=ana, ben=ben, chen=chen, dai=dai, eve=eve, old_reply=old_reply)
