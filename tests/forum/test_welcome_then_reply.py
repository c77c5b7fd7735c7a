"""A one-tap welcome is not a post for the posting limits: a new member who welcomes a
newcomer and then replies is not told to wait. A real second post within the pause is, and
the refusal says how many seconds are left, in the member's language, with the text kept."""

from html import escape

import pytest
from django.urls import reverse

from core import ratelimits
from tests.factories import MemberFactory, category, introduction_by

pytestmark = pytest.mark.django_db


@pytest.fixture
def limits_on(settings):
    """The limits as base.py sets them: a new member waits 30 s between two posts."""
    settings.MODERATION_POSTING_LIMITS = True
    settings.MODERATION_NEW_MEMBER_SECONDS_BETWEEN_POSTS = 30
    return settings


def clock_at(monkeypatch, seconds: float) -> None:
    """The rate limits' clock, `seconds` after the one tests/conftest.py stops it at."""
    monkeypatch.setattr(ratelimits, "_now", lambda: 1_000_000.0 + seconds)


@pytest.mark.parametrize(
    ("language", "typed", "refusal"),
    [
        ("en", "And one more thing about dumplings & tea <3", "Wait 18 more seconds"),
        ("zh-hans", "还有一件事：我最喜欢的饺子是韭菜馅的。", "请再等 18 秒"),
    ],
)
def test_a_welcome_then_a_reply_is_accepted_and_a_second_reply_waits_with_the_seconds_left(
    limits_on, client_for, monkeypatch, language, typed, refusal
):
    newcomer = MemberFactory(username="newbie", display_name="Newbie")
    introduction = introduction_by(newcomer)
    welcomer = MemberFactory(username="b", display_name="B", preferred_language=language)
    client = client_for(welcomer)
    reply_url = reverse("forum:thread-reply", args=[introduction.thread_id])

    clock_at(monkeypatch, 0)
    tapped = client.post(reverse("forum:introduction-welcome", args=[introduction.pk]))
    assert tapped.status_code == 302
    assert introduction.welcomes.filter(member=welcomer).exists()

    clock_at(monkeypatch, 6)  # a few seconds after the welcome: the reply is accepted
    replied = client.post(reply_url, {"body": "So glad you are here! Which part of Austin?"})
    assert replied.status_code == 302
    assert introduction.thread.posts.count() == 3  # the introduction, the welcome, the reply

    clock_at(monkeypatch, 18)  # twelve seconds after the reply: 18 left
    response = client.post(reply_url, {"body": typed})
    page = response.content.decode()
    assert response.status_code == 200
    assert refusal in page
    assert escape(typed) in page  # back in the reply box
    assert introduction.thread.posts.count() == 3

    limits_on.MODERATION_NEW_MEMBER_SECONDS_BETWEEN_POSTS = 0  # the pause was the reason
    assert client.post(reply_url, {"body": typed}).status_code == 302


def test_a_new_thread_refused_for_the_pause_says_the_seconds_left(
    limits_on, client_for, monkeypatch
):
    member = MemberFactory(preferred_language="zh-hans")
    client = client_for(member)
    form = {"category": category().pk, "title": "成都的火锅", "body": "哪家最好吃？"}
    clock_at(monkeypatch, 0)
    assert client.post(reverse("forum:thread-new"), form).status_code == 302
    clock_at(monkeypatch, 29)
    again = client.post(reverse("forum:thread-new"), {**form, "title": "重庆的火锅"})
    page = again.content.decode()
    assert "请再等 1 秒" in page
    assert "重庆的火锅" in page and "哪家最好吃？" in page
