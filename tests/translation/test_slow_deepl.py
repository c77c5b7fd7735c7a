"""DeepL slow or unreachable: the reader's click is answered at once (the worker calls DeepL,
not the web process), and the time a task spends on DeepL is bounded, after which it is
retried with backoff and in the end reported as unavailable."""

import time

import pytest
from django.urls import reverse

from tests.factories import reply_by, thread_by
from translation import services
from translation.exceptions import RetryLater

pytestmark = pytest.mark.django_db


def test_a_slow_deepl_holds_a_task_for_a_bounded_time(deepl, pending, settings):
    settings.DEEPL_TIMEOUT_SECONDS = 1.0
    deepl.behaviour.delay_seconds = 10  # as slow as the slow DeepL
    started = time.monotonic()
    with pytest.raises(RetryLater):
        services.translate_pending(translation_ids=[pending.pk], claim="w/1")
    took = time.monotonic() - started
    # One call of one second: the client does not try again (and sleep) inside the worker.
    assert took < 2.0, f"the task waited {took:.1f} s"
    assert len(deepl.translate_requests) == 1
    pending.refresh_from_db()
    assert pending.status == "pending"  # retried later by the task, with backoff


def test_an_unreachable_deepl_is_retried_later_without_waiting(deepl, pending, settings):
    settings.DEEPL_SERVER_URL = "http://127.0.0.1:1"  # nothing listens there
    started = time.monotonic()
    with pytest.raises(RetryLater):
        services.translate_pending(translation_ids=[pending.pk], claim="w/1")
    assert time.monotonic() - started < 2.0


def test_the_click_is_answered_at_once_however_slow_deepl_is(
    deepl, member, other_member, client_for, settings, django_capture_on_commit_callbacks
):
    deepl.behaviour.delay_seconds = 10
    post = reply_by(other_member, thread_by(member), body="我家的猫整天睡觉。")
    started = time.monotonic()
    # The task is not run here (as the web process never runs it): only queued.
    with django_capture_on_commit_callbacks(execute=False):
        answer = client_for(member).post(
            reverse("forum:post-translate", args=[post.pk]), headers={"hx-request": "true"}
        )
    assert time.monotonic() - started < 1.0
    assert 'data-translation-state="pending"' in answer.content.decode()
    assert deepl.translate_requests == []
