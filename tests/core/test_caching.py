"""Halfway's one cache (core/caching.py): signed-out readers get cached pages, the same for
everyone with the same address and language, with each reader's own CSRF token, and never for a
signed-in member; every way content changes is visible at once; a value computed before a write
is never served after it; a release changes every key."""

import re
from unittest import mock

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts import services as account_services
from core import caching
from forum import selectors as forum_selectors
from forum import services as forum_services
from forum.models import Thread
from forum.selectors import reading
from moderation import services as moderation_services
from tests.factories import MemberFactory, rename, reply_by, thread_by
from tests.forum.test_introductions import introduction_form

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture(autouse=True)
def pages_cached(settings):
    settings.PAGE_CACHE_SECONDS = 30


@pytest.fixture
def thread(member, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return thread_by(member, title="Sunday dumplings", body="Who makes them by hand?")


def test_a_second_reader_gets_the_cached_page_without_the_database(
    thread, django_assert_num_queries
):
    url = thread.get_absolute_url()
    first = Client().get(url)
    assert first.status_code == 200
    with django_assert_num_queries(0):
        second = Client().get(url)
    assert second.status_code == 200
    assert "Sunday dumplings" in second.content.decode()
    # Cached, not rendered again: a change made behind the services' back is not seen yet.
    Thread.objects.filter(pk=thread.pk).update(title="Changed quietly")
    assert "Sunday dumplings" in Client().get(url).content.decode()


def test_a_reply_shows_at_once(thread, other_member, django_capture_on_commit_callbacks):
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


def test_a_profile_change_shows_at_once(member, django_capture_on_commit_callbacks):
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


def test_pages_are_cached_per_language(thread):
    url = thread.get_absolute_url()
    english = Client().get(url).content.decode()
    chinese = Client(HTTP_ACCEPT_LANGUAGE="zh-hans").get(url).content.decode()
    assert '<html lang="en">' in english
    assert '<html lang="zh-Hans">' in chinese
    assert "IP属地" in chinese and "IP属地" not in english


def served_from_cache(url: str) -> bool:
    """Whether a signed-out reader gets the cached page: its thread renamed behind the
    services' back (no version changes) shows only on a page rendered anew."""
    return "Renamed quietly" not in Client().get(url).content.decode()


def rename_quietly(thread) -> None:
    Thread.objects.filter(pk=thread.pk).update(title="Renamed quietly")


def test_signed_in_members_always_get_their_own_page(thread, other_member, client_for):
    url = thread.get_absolute_url()
    cached = Client().get(url).content.decode()
    assert other_member.username not in cached
    own = client_for(other_member).get(url).content.decode()
    assert other_member.username in own and "Sunday dumplings" in own


def test_a_page_with_a_message_waiting_is_neither_cached_nor_served_from_the_cache(
    thread, member, client_for
):
    url = thread.get_absolute_url()
    reader = client_for(member)
    reader.post("/accounts/logout/")  # "You have signed out." waits for the next page
    Client().get(url)  # cached
    with_message = reader.get(url)
    assert "You have signed out" in with_message.content.decode()
    assert "You have signed out" not in Client().get(url).content.decode()


def test_htmx_requests_are_not_served_cached_pages(thread):
    url = thread.get_absolute_url()
    Client().get(url)
    with mock.patch.object(caching, "page_key", wraps=caching.page_key) as page_key:
        assert Client().get(url, HTTP_HX_REQUEST="true").status_code == 200
        assert not page_key.called
        Client().get(url)
        assert page_key.called


def test_zero_seconds_turns_the_cache_off(thread, settings):
    settings.PAGE_CACHE_SECONDS = 0
    url = thread.get_absolute_url()
    Client().get(url)
    rename_quietly(thread)
    assert not served_from_cache(url)


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


def test_the_introductions_region_filter_gains_a_new_region_at_once(
    client_for, django_capture_on_commit_callbacks
):
    """The filter's region list is shared between readers, and changes with the posts."""
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


def test_a_request_reads_the_members_values_for_every_page_in_one_round_trip(
    thread, member, client_for
):
    """The header's unread counts, the member's follows and blocks, their feed settings and
    whom they welcomed lately: read together as the request starts (once the member's own row
    is read, accounts/member_cache.py), with their versions."""
    reader = client_for(member)
    url = thread.get_absolute_url()
    reader.get(url)  # cached by the first page
    with mock.patch.object(cache, "get_many", wraps=cache.get_many) as get_many:
        assert reader.get(url).status_code == 200
    names = (
        "unread-messages",
        "unread-notifications",
        "follows",
        "block-relations",
        "feed-preference",
        "welcomed-lately",
    )
    assert set(names) <= caching.PREFETCHED
    versions = {f"version:{name}:{member.pk}" for name in names}
    reads = [set(call.args[0]) for call in get_many.call_args_list]
    together = [keys for keys in reads if versions & keys]
    assert len(together) == 1
    assert versions <= together[0]


def test_a_change_made_during_a_request_is_read_afresh_in_it(member, other_member):
    from forum import services as forum_services

    seen = []

    def page(request):
        seen.append(forum_selectors.follows_of(request.user).members)
        forum_services.follow_member(follower=request.user, member=other_member, follow=True)
        seen.append(forum_selectors.follows_of(request.user).members)
        return None

    request = RequestFactory().get("/")
    request.user = member
    caching.RequestCacheMiddleware(page)(request)
    assert seen == [frozenset(), frozenset({other_member.pk})]


# Every way content changes is visible at once ---------------------------------------------


def test_a_reply_in_one_thread_leaves_other_threads_pages_cached(
    thread, member, other_member, django_capture_on_commit_callbacks, django_assert_num_queries
):
    with django_capture_on_commit_callbacks(execute=True):
        elsewhere = thread_by(member, title="Another thread", body="Quiet here.")
    url = thread.get_absolute_url()
    Client().get(url)
    with django_capture_on_commit_callbacks(execute=True):
        reply_by(other_member, elsewhere, body="A reply somewhere else")
    with django_assert_num_queries(0):
        assert Client().get(url).status_code == 200


def test_an_edit_and_a_deletion_show_at_once(
    thread, other_member, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        reply = reply_by(other_member, thread, body="First words")
    url = thread.get_absolute_url()
    assert "First words" in Client().get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        forum_services.edit_post(editor=other_member, post=reply, body="Second thoughts")
    page = Client().get(url).content.decode()
    assert "Second thoughts" in page and "First words" not in page
    with django_capture_on_commit_callbacks(execute=True):
        forum_services.delete_post(author=other_member, post=reply)
    assert "Second thoughts" not in Client().get(url).content.decode()


def test_a_reaction_shows_to_signed_out_readers_at_once(
    thread, other_member, django_capture_on_commit_callbacks
):
    opening = thread.posts.get(number=1)
    url = thread.get_absolute_url()
    before = Client().get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        forum_services.toggle_reaction(member=other_member, post=opening, kind="heart")
    after = Client().get(url).content.decode()
    assert before != after
    assert 'class="reaction-count">1<' in after


def test_a_release_changes_every_key(thread, settings):
    url = thread.get_absolute_url()
    Client().get(url)
    rename_quietly(thread)
    assert served_from_cache(url)
    settings.RELEASE = "the-next-release"
    caching.release.cache_clear()
    try:
        assert not served_from_cache(url)
    finally:
        caching.release.cache_clear()


def test_the_release_is_a_digest_of_the_code_unless_named(settings):
    settings.RELEASE = ""
    caching.release.cache_clear()
    try:
        digest = caching.release()
        assert len(digest) == 16 and digest == caching.release()
        settings.RELEASE = "v42"
        caching.release.cache_clear()
        assert caching.release() == "v42"
    finally:
        caching.release.cache_clear()


def test_a_value_computed_before_a_write_commits_is_never_served_after_it(db):
    """The race of a request in flight: it read the versions, then a write committed, then it
    stored what it had computed from the database as it was."""
    computed = iter(["before the write", "after the write"])
    name = "test-value"

    def compute():
        return next(computed)

    real_store = caching._store
    stored_late = []

    def store_after_the_write(values, timeout):
        caching.changed("test-version")  # the write commits between the read and the store
        stored_late.append(values)
        real_store(values, timeout)

    with mock.patch.object(caching, "_store", store_after_the_write):
        first = caching.cached(name, (), compute, versions=("test-version",))
    assert first == "before the write" and stored_late
    assert caching.cached(name, (), compute, versions=("test-version",)) == "after the write"


def test_a_version_the_cache_lost_is_never_taken_for_the_old_one(db):
    values = iter(["old", "new"])
    assert caching.cached("lost", (), lambda: next(values), versions=("lost-version",)) == "old"
    cache.delete("version:lost-version")  # evicted
    assert caching.cached("lost", (), lambda: next(values), versions=("lost-version",)) == "new"


def test_a_lock_and_a_rename_show_on_the_cached_thread_page_at_once(
    thread, member, moderator, django_capture_on_commit_callbacks
):
    url = thread.get_absolute_url()
    page = Client().get(url).content.decode()
    assert "locked" not in page.lower()
    with django_capture_on_commit_callbacks(execute=True):
        moderation_services.flag_thread(
            moderator=moderator, thread=thread, action="lock", reason="Heated"
        )
    assert "locked" in Client().get(url).content.decode().lower()
    with django_capture_on_commit_callbacks(execute=True):
        rename(member, "Dumpling Queen")
    assert "Dumpling Queen" in Client().get(url).content.decode()


def test_a_members_row_saved_anywhere_shows_at_once_unless_only_private_fields_changed(
    thread, member, django_capture_on_commit_callbacks, django_assert_num_queries
):
    """An admin's edit saves the row without the account services: the name still changes
    on every cached page. A sign-in (last_login) changes nothing anyone else reads."""
    url = thread.get_absolute_url()
    Client().get(url)
    with django_capture_on_commit_callbacks(execute=True):
        member.last_login = member.date_joined
        member.save(update_fields=["last_login"])
    with django_assert_num_queries(0):
        Client().get(url)  # still the cached page
    with django_capture_on_commit_callbacks(execute=True):
        member.display_name = "Jess from the admin"
        member.save()
    assert "Jess from the admin" in Client().get(url).content.decode()


def test_a_post_edited_while_its_page_renders_is_never_served_as_it_was(
    thread, other_member, client_for, settings, django_capture_on_commit_callbacks
):
    """A cached item is rendered from its object read after its version: an edit that
    commits between the page's read of its posts and their rendering is never hidden behind
    the old text. (Pages uncached, so the view reads the posts itself.)"""
    settings.PAGE_CACHE_SECONDS = 0
    reader = client_for(other_member)
    url = thread.get_absolute_url()
    real_read = reading._reading_page

    def write_after_the_read(*args):
        page = real_read(*args)
        elsewhere = caching._request_reads.set(None)  # another request's write
        try:
            with django_capture_on_commit_callbacks(execute=True):
                forum_services.edit_post(
                    editor=thread.author, post=thread.posts.get(), body="Edited meanwhile"
                )
        finally:
            caching._request_reads.reset(elsewhere)
        return page

    with mock.patch.object(reading, "_reading_page", write_after_the_read):
        reader.get(url)
    for _view in range(2):
        assert "Edited meanwhile" in reader.get(url).content.decode()


def test_a_category_renamed_in_the_admin_shows_on_cached_rows_at_once(
    thread, other_member, client_for, django_capture_on_commit_callbacks
):
    """A row shows its category's name; the admin saves the category without any service."""
    reader = client_for(other_member)
    reader.get("/")  # rows cached
    category = thread.category
    with django_capture_on_commit_callbacks(execute=True):
        category.name_en = category.name_zh = "Renamed in the admin"
        category.save()
    assert "Renamed in the admin" in reader.get("/").content.decode()


def test_the_member_menu_and_empty_reply_box_come_from_the_process_not_redis(
    thread, other_member, client_for, django_capture_on_commit_callbacks
):
    """Keyed by everything they show, they are the same in every process: a view reads them
    from its own memory; a new unread count is a new key, shown at once."""
    reader = client_for(thread.author)
    url = thread.get_absolute_url()
    reader.get(url)
    with (
        mock.patch.object(cache, "get_many", wraps=cache.get_many) as get_many,
        mock.patch.object(cache, "get", wraps=cache.get) as get,
    ):
        page = reader.get(url).content.decode()
    asked = [str(call.args[0]) for call in get.call_args_list]
    asked += [str(key) for call in get_many.call_args_list for key in call.args[0]]
    assert not [key for key in asked if key.startswith("template.cache.")]
    assert 'id="reply-heading"' in page and 'id="notification-badge" hidden' in page
    with django_capture_on_commit_callbacks(execute=True):
        reply_by(other_member, thread, "Me too!")
    page = reader.get(url).content.decode()
    assert 'id="notification-badge" >1<' in page
