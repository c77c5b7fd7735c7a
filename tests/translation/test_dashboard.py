"""The staff dashboard: its figures are right, and reading it never calls DeepL."""

import re
import time

import pytest
from django.urls import reverse

from tests.factories import MemberFactory, reply_by, thread_by
from translation import services, tasks
from translation.models import Translation

pytestmark = pytest.mark.django_db

HTMX = {"hx-request": "true"}


@pytest.fixture
def chinese_post(other_member, member):
    return reply_by(other_member, thread_by(member), body="我家的猫整天睡觉。")


def click_translate(client, post):
    return client.post(reverse("forum:post-translate", args=[post.pk]), headers=HTMX)


def test_the_dashboard_answers_at_once_when_deepl_hangs(deepl, moderator, client_for):
    tasks.record_deepl_usage.apply()  # the periodic job, in a worker
    deepl.behaviour.usage_requests = 0
    deepl.behaviour.delay_seconds = 10
    started = time.monotonic()
    page = client_for(moderator).get(reverse("translation:dashboard")).content.decode()
    assert time.monotonic() - started < 2
    assert deepl.behaviour.usage_requests == 0  # the web process never calls DeepL
    assert "0 / 500,000" in page  # and says how old the figure is:
    assert re.search(r"\(read (just now|\d+\xa0seconds?\xa0ago)\)", page), page


def test_a_new_key_does_not_show_the_old_keys_figure(deepl, moderator, client_for, settings):
    deepl.behaviour.characters = 522
    tasks.record_deepl_usage.apply()
    url = reverse("translation:dashboard")
    assert "522 / 500,000" in client_for(moderator).get(url).content.decode()

    settings.DEEPL_AUTH_KEY = "another-key:fx"  # the fake refuses it: nothing read yet
    page = client_for(moderator).get(url).content.decode()
    assert "522" not in page and "has not read it yet for this key" in page


def test_hand_written_translations_never_make_the_hit_rate_negative(
    deepl, chinese_post, member, moderator, client_for, django_capture_on_commit_callbacks
):
    for number in range(5):  # as the demo seeds them: nobody has asked for them yet
        services.store_translation_by_hand(
            source_html=f"<p>{number}</p>", source_language="zh", target_language="en",
            html=f"<p>number {number}</p>",
        )  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        click_translate(client_for(member), chinese_post)
        click_translate(client_for(MemberFactory()), chinese_post)
    page = client_for(moderator).get(reverse("translation:dashboard")).content.decode()
    assert "50%" in page  # two requests, one made by DeepL


def test_a_translation_made_again_adds_its_characters(
    deepl, chinese_post, member, client_for, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        click_translate(client_for(member), chinese_post)
    translation = Translation.objects.get()
    Translation.objects.filter(pk=translation.pk).update(status="outdated")  # a glossary change
    with django_capture_on_commit_callbacks(execute=True):
        click_translate(client_for(member), chinese_post)
    translation.refresh_from_db()
    assert translation.status == "done"
    assert translation.billed_characters == deepl.behaviour.characters  # what DeepL billed
    assert translation.billed_characters == 2 * len(chinese_post.body_html)
    assert translation.made_by_deepl == 2


def test_a_failure_arriving_over_the_socket_offers_try_again_in_place(
    deepl, chinese_post, member, client_for, django_capture_on_commit_callbacks
):
    from core import event_log

    deepl.behaviour.fail_with = 456  # quota exceeded: the row fails
    before, _frames = event_log.frames_after(member.pk, 0)
    with django_capture_on_commit_callbacks(execute=True):
        click_translate(client_for(member), chinese_post)
    translation = Translation.objects.get()
    assert translation.status == "failed"
    # The frame the member's pages got when the worker published the failure.
    _seq, frames = event_log.frames_after(member.pk, before)
    (frame,) = [frame for frame in frames if frame["type"] == "translation.ready"]
    (target,) = frame["targets"]
    url = reverse("forum:post-translate", args=[chinese_post.pk])
    assert f'hx-post="{url}"' in target["html"]

    deepl.behaviour.fail_with = None  # the button works: the same click, made again
    with django_capture_on_commit_callbacks(execute=True):
        click_translate(client_for(member), chinese_post)
    assert Translation.objects.get().status == "done"
