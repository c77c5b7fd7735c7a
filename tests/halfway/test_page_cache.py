"""Signed-out readers get kept pages (halfway/page_cache.py): the same page for everyone with
the same address and language, dropped at once when content changes, with each reader's own
CSRF token, and never for a signed-in member."""

import re
import time
from unittest import mock

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts import services as account_services
from forum.models import Thread
from halfway import page_cache
from moderation import services as moderation_services
from tests.factories import MemberFactory, reply_by, thread_by
from tests.forum.test_introductions import introduction_form

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture(autouse=True)
def pages_kept(settings):
    settings.PAGE_CACHE_SECONDS = 30


@pytest.fixture
def thread(member, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return thread_by(member, title="Sunday dumplings", body="Who makes them by hand?")


def test_a_second_reader_gets_the_kept_page_without_the_database(thread, django_assert_num_queries):
    url = thread.get_absolute_url()
    first = Client().get(url)
    assert first.status_code == 200
    with django_assert_num_queries(0):
        second = Client().get(url)
    assert second.status_code == 200
    assert "Sunday dumplings" in second.content.decode()
    # Kept, not rendered again: a change made behind the services' back is not seen yet.
    Thread.objects.filter(pk=thread.pk).update(title="Changed quietly")
    assert "Sunday dumplings" in Client().get(url).content.decode()


def test_a_reply_drops_the_kept_pages_at_once(
    thread, other_member, django_capture_on_commit_callbacks
):
    url = thread.get_absolute_url()
    Client().get(url)
    Client().get("/")
    with django_capture_on_commit_callbacks(execute=True):
        reply_by(other_member, thread, body="我会包饺子！")
    assert "我会包饺子" in Client().get(url).content.decode()
    assert "Sunday dumplings" in Client().get("/").content.decode()


def test_a_hidden_post_is_hidden_from_signed_out_readers_at_once(
    thread, other_member, moderator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        reply = reply_by(other_member, thread, body="Something hurtful")
    url = thread.get_absolute_url()
    assert "Something hurtful" in Client().get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        moderation_services.hide_post(moderator=moderator, post=reply, reason="Harassment")
    page = Client().get(url).content.decode()
    assert "Something hurtful" not in page
    assert "Hidden by moderators." in page


def test_a_profile_change_drops_the_kept_profile(member, django_capture_on_commit_callbacks):
    url = member.get_absolute_url()
    assert "I grow tomatoes" not in Client().get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        account_services.update_profile(
            member=member,
            display_name="Jess",
            bio="I grow tomatoes",
            languages_spoken=["en"],
            languages_learning=["zh-hans"],
            interests=[],
        )
    assert "I grow tomatoes" in Client().get(url).content.decode()


def test_each_reader_gets_a_working_csrf_token_of_their_own(thread):
    url = thread.get_absolute_url()
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first_page = first.get(url).content.decode()
    second_page = second.get(url).content.decode()  # from the cache
    assert "@@csrf" not in first_page and "@@csrf" not in second_page
    tokens = TOKEN.findall(second_page)
    assert tokens and len(set(tokens)) == 1
    assert TOKEN.findall(first_page)[0] != tokens[0]
    assert second.cookies["csrftoken"].value  # the cookie the token belongs to
    # The language switcher on the kept page works for the second reader.
    switched = second.post(
        "/language/", {"language": "zh-hans", "next": url, "csrfmiddlewaretoken": tokens[0]}
    )
    assert switched.status_code == 302
    # htmx sends the same token from the page's header attribute.
    assert f'"X-CSRFToken": "{tokens[0]}"' in second_page


def test_pages_are_kept_per_language(thread):
    url = thread.get_absolute_url()
    english = Client().get(url).content.decode()
    chinese = Client(HTTP_ACCEPT_LANGUAGE="zh-hans").get(url).content.decode()
    assert '<html lang="en">' in english
    assert '<html lang="zh-Hans">' in chinese
    assert "IP属地" in chinese and "IP属地" not in english


def plant_kept_page(url: str, content: bytes) -> None:
    """Put `content` in the cache as the kept page of `url`, as if it had been rendered."""
    key = page_cache._page_key(RequestFactory().get(url))
    generation = cache.get(page_cache.GENERATION_KEY)
    kept = page_cache.KeptPage(generation, (content,), "text/html; charset=utf-8", time.time() + 30)
    cache.set(key, kept, 60)


def test_signed_in_members_always_get_their_own_page(thread, other_member, client_for):
    url = thread.get_absolute_url()
    Client().get(url)
    plant_kept_page(url, b"<p>The kept page</p>")
    assert Client().get(url).content == b"<p>The kept page</p>"  # what a signed-out reader gets
    own = client_for(other_member).get(url).content.decode()
    assert "The kept page" not in own
    assert "Sunday dumplings" in own and other_member.username in own


def test_a_page_with_a_message_waiting_is_neither_kept_nor_served_from_the_cache(
    thread, member, client_for
):
    url = thread.get_absolute_url()
    reader = client_for(member)
    reader.post("/accounts/logout/")  # "You have signed out." waits for the next page
    Client().get(url)  # kept
    with_message = reader.get(url)
    assert "You have signed out" in with_message.content.decode()
    assert "You have signed out" not in Client().get(url).content.decode()


def test_htmx_requests_are_not_served_kept_pages(thread):
    url = thread.get_absolute_url()
    Client().get(url)
    plant_kept_page(url, b"<p>The kept page</p>")
    assert Client().get(url).content == b"<p>The kept page</p>"
    answer = Client().get(url, HTTP_HX_REQUEST="true").content.decode()
    assert "The kept page" not in answer and "Sunday dumplings" in answer


def test_zero_seconds_turns_the_cache_off(thread, settings):
    settings.PAGE_CACHE_SECONDS = 0
    url = thread.get_absolute_url()
    Client().get(url)
    Thread.objects.filter(pk=thread.pk).update(title="Renamed with no cache")
    assert "Renamed with no cache" in Client().get(url).content.decode()


def test_a_missing_thread_is_still_not_found(db):
    assert Client().get("/t/999999/").status_code == 404
    assert Client().get("/t/999999/").status_code == 404


def test_search_results_are_sorted_once_for_everyone_until_a_post_changes(
    member, other_member, client_for, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        thread_by(member, title="Oolong at dawn", body="Oolong tastes of peaches.")
    url = "/search/?q=oolong"
    assert "1 result" in client_for(member).get(url).content.decode()
    with CaptureQueriesContext(connection) as queries:
        again = client_for(MemberFactory()).get(url).content.decode()
    assert "1 result" in again
    assert not [query for query in queries if "OVER ()" in query["sql"]]  # not sorted again
    with django_capture_on_commit_callbacks(execute=True):
        thread_by(other_member, title="More oolong", body="Oolong, then dumplings.")
    assert "2 results" in client_for(member).get(url).content.decode()


def test_an_expired_page_is_renewed_by_one_request_while_the_others_still_get_it(thread):
    url = thread.get_absolute_url()
    Client().get(url)
    plant_kept_page(url, b"<p>The page as it was</p>")  # fresh for 30 s
    later = time.time() + 31
    with mock.patch("halfway.page_cache.time.time", return_value=later):
        # Another request is renewing it: this one gets the page as it was.
        key = page_cache._page_key(RequestFactory().get(url))
        cache.add(key + ":renewing", True, 10)
        assert Client().get(url).content == b"<p>The page as it was</p>"
        cache.delete(key + ":renewing")
        # Nobody is: this request renews it, and the next ones get the new page.
        assert "Sunday dumplings" in Client().get(url).content.decode()
        assert "Sunday dumplings" in Client().get(url).content.decode()


def test_the_introductions_region_filter_gains_a_new_region_at_once(
    client_for, django_capture_on_commit_callbacks
):
    """The filter's region list is shared between readers, and dropped with the kept pages."""
    grid = reverse("forum:introductions")

    def introduce(address):
        with django_capture_on_commit_callbacks(execute=True):
            client_for(MemberFactory()).post(
                reverse("forum:introduction-mine"),
                introduction_form(languages_learning=[]),
                REMOTE_ADDR=address,
            )

    introduce("8.8.8.8")
    page = client_for(MemberFactory()).get(grid).content.decode()
    assert '<option value="US"' in page and '<option value="GB"' not in page
    introduce("81.2.69.142")
    page = client_for(MemberFactory()).get(grid).content.decode()
    assert '<option value="GB"' in page


def test_a_request_reads_the_members_every_page_answers_in_one_round_trip(
    thread, member, client_for
):
    """The header's unread counts, the member's follows and blocks, their feed settings and
    whom they welcomed lately: read together, ahead."""
    reader = client_for(member)
    url = thread.get_absolute_url()
    reader.get(url)  # kept by the first page
    with mock.patch.object(cache, "get_many", wraps=cache.get_many) as get_many:
        assert reader.get(url).status_code == 200
    every_page = [
        f"member-answers:{name}:{member.pk}"
        for name in (
            "unread-messages",
            "unread-notifications",
            "follows-v1",
            "block-relations-v1",
            "feed-preference-v1",
            "welcomed-lately-v1",
        )
    ]
    reads = [list(call.args[0]) for call in get_many.call_args_list]
    assert [keys for keys in reads if set(every_page) & set(keys)] == [
        [page_cache.GENERATION_KEY, *sorted(every_page)]
    ]


def test_a_change_made_during_a_request_is_read_afresh_in_it(member, other_member):
    from forum import selectors as forum_selectors
    from forum import services as forum_services

    seen = []

    def page(request):
        seen.append(forum_selectors.follows_of(request.user).members)
        forum_services.follow_member(follower=request.user, member=other_member, follow=True)
        seen.append(forum_selectors.follows_of(request.user).members)
        return None

    request = RequestFactory().get("/")
    request.user = member
    page_cache.ReadAheadMiddleware(page)(request)
    assert seen == [frozenset(), frozenset({other_member.pk})]
