"""Translate this thread (or always): a page of posts in as few DeepL requests as allowed."""

import pytest
from django.urls import reverse

from tests.factories import reply_by, thread_by
from translation.models import Translation
from translation.services import BATCH_BYTES, BATCH_TEXTS, worker

pytestmark = pytest.mark.django_db


def test_a_page_is_translated_in_one_request_and_swapped_in_place(
    deepl, member, other_member, client_for, django_capture_on_commit_callbacks
):
    thread = thread_by(other_member, title="麻婆豆腐", body="郫县豆瓣是关键。")
    for text in ("花椒要新鲜。", "豆腐要嫩。", "I will try this weekend!"):
        reply_by(other_member, thread, body=text)
    url = reverse("forum:thread-translate-page", args=[thread.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(member).post(url, headers={"hx-request": "true"})
    html = response.content.decode()
    # Title and three Chinese posts; the English reply is left alone for an English reader.
    assert html.count('hx-swap-oob="true"') == 4
    (request,) = deepl.translate_requests
    assert len(request["text"]) == 4
    assert Translation.objects.filter(status="done").count() == 4

    again = client_for(member).post(url, headers={"hx-request": "true"}).content.decode()
    assert again.count('data-translation-state="done"') == 4
    assert len(deepl.translate_requests) == 1


def test_batches_respect_deepls_limits_and_language_pairs():
    def row(size, source="zh", target="en"):
        return Translation(source_html="x" * size, source_language=source, target_language=target)

    many = [row(10) for _ in range(120)]
    assert [len(batch) for batch in worker._batches(many)] == [BATCH_TEXTS, BATCH_TEXTS, 20]
    big = [row(BATCH_BYTES // 2 + 1) for _ in range(3)]
    assert [len(batch) for batch in worker._batches(big)] == [1, 1, 1]
    mixed = [row(10, "zh"), row(10, "ja"), row(10, "zh")]
    assert sorted(len(batch) for batch in worker._batches(mixed)) == [1, 2]


def test_always_translate_translates_thread_pages_on_arrival(member, other_member, client_for):
    thread = thread_by(other_member, title="周末", body="去爬山吗？")
    page = client_for(member).get(thread.get_absolute_url()).content.decode()
    assert 'hx-trigger="load, submit"' not in page
    client_for(member).post(reverse("accounts:settings-reading"), {"always_translate": "on"})
    member.refresh_from_db()
    assert member.always_translate
    page = client_for(member).get(thread.get_absolute_url()).content.decode()
    assert 'hx-trigger="load, submit"' in page
