import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from forum import services
from forum.search import document_tokens, query_tokens
from tests.factories import MemberFactory, rename, reply_by, thread_by

pytestmark = pytest.mark.django_db


def titles_found(client, query):
    page = client.get(reverse("forum:search"), {"q": query}).content.decode()
    return page


def test_chinese_is_cut_into_characters_and_pairs():
    assert document_tokens("我家的猫 Biscuit!") == [
        "我", "家", "的", "猫", "我家", "家的", "的猫", "biscuit",
    ]  # fmt: skip
    assert query_tokens("猫咪 Cats") == ["猫咪", "cats"]


def test_a_chinese_word_finds_chinese_posts_and_an_english_word_english_ones(
    member, other_member, anonymous
):
    thread_by(other_member, title="周末去哪儿", body="我家的猫咪今天学会了开冰箱。")
    thread_by(member, title="Weekend plans", body="My cat learned to open the fridge today.")
    chinese = titles_found(anonymous, "猫咪")
    assert "周末去哪儿" in chinese and "Weekend plans" not in chinese
    assert "<mark>猫咪</mark>" in chinese
    english = titles_found(anonymous, "fridge")
    assert "Weekend plans" in english and "周末去哪儿" not in english
    assert "<mark>fridge</mark>" in english
    # A phrase that appears nowhere as a whole finds nothing, although its characters do.
    assert "周末去哪儿" not in titles_found(anonymous, "猫冰")


def test_titles_replies_and_edits_are_found_and_deleted_posts_are_not(
    member, other_member, anonymous
):
    thread = thread_by(member, title="Dumpling folding lessons", body="Who can teach me?")
    reply = reply_by(other_member, thread, body="我可以教你包饺子！")
    assert "Dumpling folding lessons" in titles_found(anonymous, "dumpling")
    found = titles_found(anonymous, "饺子")
    assert "Dumpling folding lessons" in found and "包<mark>饺子</mark>" in found
    services.edit_post(editor=other_member, post=reply, body="我可以教你做馄饨！")
    assert "1 result" not in titles_found(anonymous, "饺子")
    assert "<mark>馄饨</mark>" in titles_found(anonymous, "馄饨")
    services.delete_post(author=other_member, post=reply)
    assert "0 results" in titles_found(anonymous, "馄饨")


def test_search_results_are_escaped(member, anonymous):
    thread_by(member, title="Tags", body="Use `<script>` tags carefully, script kiddies")
    page = titles_found(anonymous, "script")
    assert "<script>" not in page
    assert "&lt;<mark>script</mark>&gt;" in page


def test_results_are_paginated_with_a_fixed_number_of_queries(anonymous, django_assert_num_queries):
    author = MemberFactory()
    for number in range(25):
        thread_by(author, title=f"Tea number {number}", body="普洱茶 and more tea")
    anonymous.get(reverse("forum:search"), {"q": "普洱"})
    # the page's post ids (newest first) with the number of matches, those posts with their
    # threads/categories/authors
    with django_assert_num_queries(2):
        response = anonymous.get(reverse("forum:search"), {"q": "普洱", "page": 2})
    page = response.content.decode()
    assert page.count('class="search-result"') == 5
    assert "25 results" in page
    # Newest first across the pages: page 2 holds the five oldest, in order.
    shown = [int(number) for number in re.findall(r"Tea number (\d+)", page)]
    assert list(dict.fromkeys(shown)) == [4, 3, 2, 1, 0]
    # A page past the last shows the last one.
    past = anonymous.get(reverse("forum:search"), {"q": "普洱", "page": 9}).content.decode()
    assert list(dict.fromkeys(re.findall(r"Tea number (\d+)", past))) == ["4", "3", "2", "1", "0"]
    assert "25 results" in past
    first = anonymous.get(reverse("forum:search"), {"q": "普洱", "page": "x"}).content.decode()
    assert "Tea number 24" in first and "Tea number 4<" not in first


def test_a_page_of_results_is_shared_by_members_yet_shows_edits_and_new_names_at_once(
    member, other_member, client_for, settings, django_capture_on_commit_callbacks
):
    """Signed in, a page of results (rows and their HTML) is read from the cache, as are the
    reader's session and row: no query. An edit or a new display name shows at once."""
    settings.PAGE_CACHE_SECONDS = 30
    with django_capture_on_commit_callbacks(execute=True):
        thread = thread_by(member, title="Oolong at dawn", body="Oolong tastes of peaches.")
    url = reverse("forum:search") + "?q=oolong"
    assert "Oolong at dawn" in client_for(other_member).get(url).content.decode()

    reader = client_for(MemberFactory())
    reader.get(url)
    with CaptureQueriesContext(connection) as queries:
        page = reader.get(url).content.decode()
    assert "<mark>Oolong</mark> tastes of peaches" in page
    assert len(queries) == 0, [query["sql"] for query in queries]

    with django_capture_on_commit_callbacks(execute=True):
        services.edit_post(editor=member, post=thread.posts.get(), body="Oolong tastes of honey.")
    page = reader.get(url).content.decode()
    assert "tastes of honey" in page and "peaches" not in page

    with django_capture_on_commit_callbacks(execute=True):
        rename(member, "Jess the Tea Lover")
    assert "Jess the Tea Lover" in reader.get(url).content.decode()
