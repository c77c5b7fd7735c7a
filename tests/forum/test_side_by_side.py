"""Side-by-side reading: a thread's posts with their original and translation in two columns
(stacked on a phone), for language learners. The original stays; the translation comes from
the page's usual translate-page request, asked for as the page loads."""

import re
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.factories import MemberFactory, reply_by, thread_by

pytestmark = pytest.mark.django_db

SIDE_BY_SIDE = "?reading=side-by-side"
# One post's text: the labelled original column, then the translation block beside it.
POST_COLUMNS = re.compile(
    r'<div class="post-text translatable">\s*<p class="original-label">Original</p>\s*'
    r'<div class="prose post-body" data-original[^>]*>(.*?)</div>\s*'
    r'<div class="translation" id="post-(\d+)-translation"',
    re.DOTALL,
)


def translate_page_form(html: str, thread) -> str:
    url = reverse("forum:thread-translate-page", args=[thread.pk])
    return re.search(rf'<form method="post" action="{url}[^"]*"[^>]*>', html)[0]


@pytest.fixture
def chinese_thread(other_member):
    thread = thread_by(other_member, title="周末爬山", body="这周末去爬山，谁一起？")
    reply_by(other_member, thread, body="我带**饺子**。")
    return thread


def test_side_by_side_lays_out_each_post_in_two_columns_and_keeps_the_original(
    member, client_for, chinese_thread
):
    html = client_for(member).get(chinese_thread.get_absolute_url() + SIDE_BY_SIDE).content
    html = html.decode()

    assert 'class="thread-layout reading-side-by-side"' in html
    columns = POST_COLUMNS.findall(html)
    assert [number for _original, number in columns] == ["1", "2"]
    assert "这周末去爬山，谁一起？" in columns[0][0]
    assert "<strong>饺子</strong>" in columns[1][0]
    # The whole page's translation is asked for as it loads, through the usual endpoint.
    assert 'hx-trigger="load, submit"' in translate_page_form(html, chinese_thread)
    assert re.search(r'<a class="button button-quiet" href="\?page=1">Read in one column</a>', html)


def test_normal_reading_offers_side_by_side_and_translates_only_when_asked(
    member, client_for, chinese_thread
):
    html = client_for(member).get(chinese_thread.get_absolute_url()).content.decode()

    assert "reading-side-by-side" not in html
    assert "original-label" not in html
    assert re.search(r'href="\?reading=side-by-side&amp;page=1">Side by side</a>', html)
    assert "hx-trigger" not in translate_page_form(html, chinese_thread)


def test_pages_keep_the_mode(member, client_for):
    thread = thread_by(member)
    for index in range(22):
        reply_by(MemberFactory(), thread, body=f"Reply {index}")
    html = client_for(member).get(thread.get_absolute_url() + SIDE_BY_SIDE).content.decode()

    next_page = re.search(r'<a class="button button-quiet" rel="next" href="([^"]+)"', html)[1]
    assert "reading=side-by-side" in next_page
    assert "page=2" in next_page


def test_the_mode_adds_no_query(member, client_for, chinese_thread):
    client = client_for(member)
    url = chinese_thread.get_absolute_url()
    # One moment for every view: a fresh post's "3 seconds ago" is part of its fragment's key.
    with mock.patch("forum.fragments.timezone.now", return_value=timezone.now()):
        client.get(url)
        client.get(url + SIDE_BY_SIDE)  # each mode's posts are kept fragments of their own
        with CaptureQueriesContext(connection) as normal:
            client.get(url)
        with CaptureQueriesContext(connection) as side_by_side:
            client.get(url + SIDE_BY_SIDE)
    assert len(side_by_side) == len(normal)


def test_visitors_read_as_usual(anonymous, chinese_thread):
    html = anonymous.get(chinese_thread.get_absolute_url() + SIDE_BY_SIDE).content.decode()
    assert "reading-side-by-side" not in html
    assert "这周末去爬山，谁一起？" in html
