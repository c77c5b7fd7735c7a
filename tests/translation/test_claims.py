"""Each pending translation is claimed by one task before DeepL is asked: the same work
delivered twice (a broker's redelivery, a restarted worker's resend) is paid for once."""

from datetime import timedelta

import pytest
from django.utils import timezone

from translation import services
from translation.models import Translation

pytestmark = pytest.mark.django_db


def test_work_another_living_task_holds_is_left_to_it(deepl, pending):
    Translation.objects.filter(pk=pending.pk).update(
        claimed_by="celery@a/task-1", claimed_at=timezone.now()
    )
    services.translate_pending(translation_ids=[pending.pk], claim="celery@b/task-2")
    assert deepl.translate_requests == []
    pending.refresh_from_db()
    assert pending.status == "pending"


def test_a_claim_older_than_any_task_can_live_is_taken_over(deepl, pending):
    Translation.objects.filter(pk=pending.pk).update(
        claimed_by="celery@a/task-1",
        claimed_at=timezone.now() - timedelta(seconds=services.CLAIM_SECONDS + 1),
    )
    services.translate_pending(translation_ids=[pending.pk], claim="celery@b/task-2")
    assert len(deepl.translate_requests) == 1
    pending.refresh_from_db()
    assert pending.status == "done"


def test_a_retry_of_the_same_task_keeps_its_claim(deepl, pending):
    Translation.objects.filter(pk=pending.pk).update(
        claimed_by="celery@a/task-1", claimed_at=timezone.now()
    )
    services.translate_pending(translation_ids=[pending.pk], claim="celery@a/task-1")
    assert len(deepl.translate_requests) == 1


def test_a_restarted_worker_resends_what_it_held_and_what_nobody_holds(
    deepl, pending, member, other_member, django_capture_on_commit_callbacks
):
    held_elsewhere = Translation.objects.create(
        source_hash="other", target_language="en", source_html="<p>另一个</p>",
        source_language="zh", claimed_by="celery@b/task-9", claimed_at=timezone.now(),
    )  # fmt: skip
    Translation.objects.filter(pk=pending.pk).update(
        claimed_by="celery@a/task-1", claimed_at=timezone.now()
    )
    assert services.resume_after_restart(worker="celery@a") == 1  # eager: made at once
    pending.refresh_from_db()
    held_elsewhere.refresh_from_db()
    assert pending.status == "done"
    assert held_elsewhere.status == "pending"
    assert len(deepl.translate_requests) == 1
