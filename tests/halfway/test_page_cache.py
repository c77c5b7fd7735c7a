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


def test_signed_in_members_always_get_their_own_page(thread, other_member, client_for):
    url = thread.get_absolute_url()
    Client().get(url)
    Thread.objects.filter(pk=thread.pk).update(title="Renamed just now")
    assert "Renamed just now" in client_for(other_member).get(url).content.decode()


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
    Thread.objects.filter(pk=thread.pk).update(title="Renamed for htmx")
    answer = Client().get(url, HTTP_HX_REQUEST="true")
    assert "Renamed for htmx" in answer.content.decode()


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
    Thread.objects.filter(pk=thread.pk).update(title="Renewed title")
    later = time.time() + 31  # past the 30 s the page is fresh for
    with mock.patch("halfway.page_cache.time.time", return_value=later):
        # Another request is renewing it: this one gets the page as it was.
        key = page_cache._page_key(RequestFactory().get(url))
        cache.add(key + ":renewing", True, 10)
        assert "Sunday dumplings" in Client().get(url).content.decode()
        cache.delete(key + ":renewing")
        # Nobody is: this request renews it, and the next ones get the new page.
        assert "Renewed title" in Client().get(url).content.decode()
        assert "Renewed title" in Client().get(url).content.decode()


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
