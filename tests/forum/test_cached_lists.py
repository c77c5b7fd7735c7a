"""The home feed's thread rows, the introduction cards and New arrivals are rendered once and
kept for every reader who would see the same HTML (forum/fragments.py); the lists they come
from are shared until content changes (page_cache.shared_answer). Never stale, and never
another reader's."""

import re
from unittest import mock

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts import services as account_services
from forum import services
from forum.feed import THREADS_PER_PAGE
from forum.feed_settings import save_feed_settings
from forum.models import Thread
from tests.factories import InterestFactory, MemberFactory, reply_by, thread_by
from tests.fakes.cache import fragments_lost
from tests.forum.test_welcomes import introduce
from tests.html import without_tokens

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
HEADER_TOKEN = re.compile(r'hx-headers=\'\{"X-CSRFToken": "([^"]+)"\}\'')


def renders(response, template: str) -> int:
    return [each.name for each in response.templates].count(template)


def queries_of(table: str, queries) -> list[str]:
    return [query["sql"] for query in queries if f'FROM "{table}"' in query["sql"]]


@pytest.fixture
def shared_answers(settings):
    """Answers shared between readers are kept (the test settings turn the cache off)."""
    settings.PAGE_CACHE_SECONDS = 30


# Thread rows ----------------------------------------------------------------------------


def test_the_home_feeds_rows_are_rendered_once_for_readers_of_the_same_kind(member, client_for):
    thread_by(member, title="Sunday dumplings")
    # One moment for both: a fresh row's age in seconds is part of its key.
    with mock.patch("forum.fragments.timezone.now", return_value=timezone.now()):
        first = client_for(MemberFactory()).get("/")
        assert renders(first, "forum/_thread_row.html") == 1
        second = client_for(MemberFactory()).get("/")
        assert renders(second, "forum/_thread_row.html") == 0
    assert "Sunday dumplings" in second.content.decode()


def test_a_reply_moves_a_kept_row_on(member, other_member, client_for):
    thread = thread_by(member, title="Sunday dumplings")
    reader = client_for(MemberFactory())
    assert "0 replies" in reader.get("/").content.decode()
    reply_by(other_member, thread)
    page = reader.get("/").content.decode()
    assert "1 reply" in page and "0 replies" not in page


def test_each_member_gets_their_own_reasons(member, other_member, client_for):
    thread_by(member, title="Sunday dumplings")
    services.follow_member(follower=other_member, member=member, follow=True)
    bystander = client_for(MemberFactory()).get("/").content.decode()
    follower = client_for(other_member).get("/").content.decode()
    assert "你关注了 Jess。" in follower
    assert "It is new in" in bystander and "You follow" not in bystander


# Introductions --------------------------------------------------------------------------


def test_introduction_cards_are_cached_and_a_welcome_shows_at_once(
    member, client_for, shared_answers
):
    introduction = introduce(MemberFactory(display_name="Biscuit's human"))
    grid = reverse("forum:introductions")
    first = client_for(MemberFactory()).get(grid)
    assert renders(first, "forum/_introduction_card.html") == 1
    assert "Not welcomed yet" in first.content.decode()
    reader = client_for(MemberFactory())
    assert renders(reader.get(grid), "forum/_introduction_card.html") == 0
    services.welcome_newcomer(member=member, introduction=introduction, region_code="CN")
    page = reader.get(grid).content.decode()
    assert "Welcomed by 1 member" in page and "Not welcomed yet" not in page
    newcomer = introduction.member
    account_services.update_profile(
        member=newcomer,
        display_name=newcomer.display_name,
        bio=newcomer.bio,
        languages_spoken=newcomer.languages_spoken,
        languages_learning=newcomer.languages_learning,
        interests=[InterestFactory(slug="knitting", name_en="Knitting")],
    )
    assert '<li class="chip">Knitting</li>' in reader.get(grid).content.decode()


def test_new_arrivals_are_each_readers_own_with_a_working_token(member, client_for):
    introduction = introduce(MemberFactory(display_name="Biscuit's human"))
    services.welcome_newcomer(member=member, introduction=introduction, region_code="CN")
    welcomer_page = client_for(member).get("/").content.decode()
    assert "You welcomed them" in welcomer_page
    reader = Client(enforce_csrf_checks=True)
    reader.force_login(MemberFactory())
    answer = reader.get("/")
    assert renders(answer, "forum/_new_arrival.html") == 1  # not the welcomer's card
    page = answer.content.decode()
    assert "You welcomed them" not in page and "Welcome 👋" in page
    assert "@@" not in page
    # The cached card holds no token; htmx sends the page's own as a header.
    welcome = reverse("forum:introduction-welcome", args=[introduction.pk])
    assert "csrfmiddlewaretoken" not in page.split(f'action="{welcome}"')[1].split("</form>")[0]
    token = HEADER_TOKEN.search(page).group(1)
    assert reader.post(welcome, {"next": "/"}).status_code == 403
    answer = reader.post(welcome, {"next": "/"}, HTTP_X_CSRFTOKEN=token)
    assert answer.status_code == 302
    assert introduction.welcomes.count() == 2


# Shared lists ---------------------------------------------------------------------------


def test_the_introductions_grid_is_read_once_for_everyone_until_content_changes(
    shared_answers, client_for, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        introduce(MemberFactory(display_name="Biscuit's human"), title="Cat person from Texas")
    grid = reverse("forum:introductions")
    client_for(MemberFactory()).get(grid)
    with CaptureQueriesContext(connection) as queries:
        page = client_for(MemberFactory()).get(grid).content.decode()
    # Not counted, not read, welcomers and photos not looked up (only: has the reader one?)
    assert [sql for sql in queries_of("forum_introduction", queries) if 'member_id" = ' in sql]
    assert len(queries_of("forum_introduction", queries)) == 1
    assert not queries_of("forum_welcome", queries) and not queries_of("forum_postimage", queries)
    assert "Cat person from Texas" in page and "Biscuit" in page
    with django_capture_on_commit_callbacks(execute=True):
        introduce(MemberFactory(), title="Hello from Chengdu", region_code="CN")
    page = client_for(MemberFactory()).get(grid).content.decode()
    assert "Hello from Chengdu" in page and "Cat person from Texas" in page


def test_the_introductions_grid_is_kept_per_language(
    shared_answers, client_for, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        introduce(MemberFactory(), title="Cat person from Texas")
    grid = reverse("forum:introductions")
    english = client_for(MemberFactory(preferred_language="en")).get(grid).content.decode()
    chinese = client_for(MemberFactory(preferred_language="zh-hans")).get(grid)
    assert "Not welcomed yet" in english
    assert "还没有人欢迎" in chinese.content.decode()
    assert "Not welcomed yet" not in chinese.content.decode()


def test_ones_own_introduction_shows_at_once_on_the_grid_and_the_profile(
    shared_answers, client_for, django_capture_on_commit_callbacks
):
    """A member's introduction and latest region are shared answers: dropped when content
    changes, so introducing oneself changes the grid's button and the profile at once."""
    newcomer = MemberFactory(region_code="")
    reader = client_for(newcomer)
    grid, profile = reverse("forum:introductions"), newcomer.get_absolute_url()
    assert "Introduce yourself" in reader.get(grid).content.decode()
    assert "IP region: China" not in reader.get(profile).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        introduce(newcomer, title="Hello from Chengdu", region_code="CN")
    assert "Edit my introduction" in reader.get(grid).content.decode()
    page = reader.get(profile).content.decode()
    assert "Hello from Chengdu" in page and "IP region: China" in page


def test_new_arrivals_are_read_once_and_a_welcome_counts_at_once(
    shared_answers, member, client_for, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        introduction = introduce(MemberFactory(display_name="Biscuit's human"))
    client_for(MemberFactory()).get("/")
    with CaptureQueriesContext(connection) as queries:
        page = client_for(MemberFactory()).get("/").content.decode()
    assert not queries_of("forum_introduction", queries)
    assert "Biscuit&#x27;s human" in page and "Not welcomed yet" in page
    welcomer = client_for(member)
    assert "You welcomed them" not in welcomer.get("/").content.decode()  # kept for them
    with django_capture_on_commit_callbacks(execute=True):
        services.welcome_newcomer(member=member, introduction=introduction, region_code="CN")
    assert "Welcomed by 1 member" in client_for(MemberFactory()).get("/").content.decode()
    assert "You welcomed them" in welcomer.get("/").content.decode()


def test_a_member_reads_their_kept_home_page_with_one_query(
    shared_answers, member, client_for, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        for number in range(THREADS_PER_PAGE + 5):
            thread_by(MemberFactory(), title=f"Thread {number}")
        introduce(MemberFactory(display_name="Biscuit's human"))
    reader = client_for(member)
    # "3 seconds ago" is in a row's key: both views at the same moment, however slow the machine.
    moment = timezone.now()
    with mock.patch("forum.fragments.timezone.now", return_value=moment):
        reader.get("/")  # keeps the page, and the reader's own answers
        with CaptureQueriesContext(connection) as queries:
            page = reader.get("/").content.decode()
    # Not even the session and the member: kept in the cache by the first view. Only how far
    # the member has read the page's threads, which each thread view moves.
    assert [query["sql"].split(" FROM ")[1].split()[0] for query in queries] == [
        '"forum_threadread"'
    ]
    assert page.count('class="thread-row"') == THREADS_PER_PAGE
    assert "Biscuit&#x27;s human" in page and "Why am I seeing this?" in page


def test_rows_whose_kept_html_was_lost_are_rendered_again_the_same(
    shared_answers, member, other_member, client_for, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        thread_by(member, title="Sunday dumplings", region_code="CN")
        thread_by(other_member, title="周末包饺子", region_code="CN")
    services.follow_member(follower=other_member, member=member, follow=True)
    reader = client_for(other_member)
    # One moment for both views: "3 seconds ago" must not tick between them on a slow machine.
    with mock.patch("forum.fragments.timezone.now", return_value=timezone.now()):
        kept = reader.get("/").content.decode()
        assert "你关注了 Jess。" in kept
        with (
            fragments_lost(),
            CaptureQueriesContext(connection) as queries,
        ):
            again = reader.get("/").content.decode()
    assert without_tokens(again) == without_tokens(kept)
    # The lost rows' threads are read again, all at once, with their authors and categories.
    assert len(queries_of("forum_thread", queries)) == 1


def test_the_home_feeds_count_is_kept_until_a_thread_is_started(
    shared_answers, member, client_for, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        for number in range(THREADS_PER_PAGE):
            thread_by(member, title=f"Thread {number}")
    reader = client_for(MemberFactory())
    assert "?page=2" not in reader.get("/").content.decode()
    with CaptureQueriesContext(connection) as queries:
        reader.get("/")
    assert not [sql for sql in queries_of("forum_thread", queries) if "COUNT(*)" in sql]
    with django_capture_on_commit_callbacks(execute=True):
        thread_by(member, title="One more")
    assert "?page=2" in reader.get("/").content.decode()


def test_the_home_feeds_order_is_kept_until_content_or_the_members_settings_change(
    shared_answers, member, client_for, django_capture_on_commit_callbacks
):
    def titles(client) -> list[str]:
        page = client.get("/").content.decode()
        return re.findall(r'<h2 class="thread-row-title"><a [^>]*>([^<]+)</a>', page)

    with django_capture_on_commit_callbacks(execute=True):
        thread_by(member, title="From Chengdu", region_code="CN")
        thread_by(member, title="From Ohio", region_code="US")
    reader_member = MemberFactory()
    reader = client_for(reader_member)
    assert titles(reader) == ["From Ohio", "From Chengdu"]
    with CaptureQueriesContext(connection) as queries:
        assert titles(reader) == ["From Ohio", "From Chengdu"]
    assert not [sql for sql in queries_of("forum_thread", queries) if "ORDER BY" in sql]
    with django_capture_on_commit_callbacks(execute=True):
        thread_by(member, title="From Osaka", region_code="JP")
    assert titles(reader) == ["From Osaka", "From Ohio", "From Chengdu"]
    save_feed_settings(
        member=reader_member,
        languages=[],
        muted_categories=[],
        only_following=False,
        emphasised_regions=["CN"],
        hidden_regions=[],
    )
    assert titles(reader) == ["From Chengdu", "From Osaka", "From Ohio"]


def test_the_following_feed_is_counted_afresh_after_a_follow(
    shared_answers, member, other_member, client_for, django_capture_on_commit_callbacks
):
    """Follows do not drop kept answers, so a list they shape must not keep its count."""
    with django_capture_on_commit_callbacks(execute=True):
        thread_by(member, title="Sunday dumplings")
    follower = client_for(other_member)
    following = reverse("forum:following")
    assert "Sunday dumplings" not in follower.get(following).content.decode()
    services.follow_member(follower=other_member, member=member, follow=True)
    assert "Sunday dumplings" in follower.get(following).content.decode()


def test_whos_here_counts_a_new_region_at_once(
    shared_answers, member, other_member, client_for, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        thread = thread_by(member, title="Sunday dumplings", region_code="US")
    reader = client_for(MemberFactory())
    assert "China" not in reader.get(thread.get_absolute_url()).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        reply_by(other_member, thread, region_code="CN")
    assert "1 China" in reader.get(thread.get_absolute_url()).content.decode()


def test_rows_of_threads_active_in_the_same_second_each_show_their_own_title(member, client_for):
    first = thread_by(member, title="The first of two")
    second = thread_by(member, title="The second of two")
    Thread.objects.filter(pk=second.pk).update(last_posted_at=first.last_posted_at)
    url = first.category.get_absolute_url()
    with mock.patch("forum.fragments.timezone.now", return_value=first.last_posted_at):
        client_for(MemberFactory()).get(url)  # renders and caches them
        cached = client_for(MemberFactory()).get(url)
    page = cached.content.decode()
    assert renders(cached, "forum/_thread_row.html") == 0
    assert page.count("The first of two") == 1 and page.count("The second of two") == 1


def test_members_share_one_home_feed_page_and_a_held_thread_shows_to_its_author_alone(
    shared_answers, member, other_member, moderator, client_for, django_capture_on_commit_callbacks
):
    """A member's own id is in the feed's key only while a thread of theirs waits for
    approval: one reply elsewhere used to send every member's next home page back to the
    database (four queries each), as each member's page was their own."""
    from moderation.models import WatchedWord
    from moderation.services import approve_post

    def ranking_queries(client) -> list[str]:
        with CaptureQueriesContext(connection) as queries:
            client.get("/")
        return [sql for sql in queries_of("forum_thread", queries) if "ORDER BY" in sql]

    WatchedWord.objects.create(word="crypto", response=WatchedWord.Response.HOLD)
    with django_capture_on_commit_callbacks(execute=True):
        thread_by(member, title="Sunday dumplings")
    first, second = client_for(MemberFactory()), client_for(MemberFactory())
    assert ranking_queries(first)
    assert not ranking_queries(second)  # the page the first member's view ranked

    with django_capture_on_commit_callbacks(execute=True):
        held = thread_by(other_member, title="Ask me", body="Crypto tips")
    assert held.held_at is not None
    assert "Ask me" in client_for(other_member).get("/").content.decode()
    assert "Ask me" not in second.get("/").content.decode()
    assert "Ask me" not in first.get("/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        approve_post(moderator=moderator, post=held.posts.get())
    assert "Ask me" in first.get("/").content.decode()
    assert "Ask me" in client_for(other_member).get("/").content.decode()


def test_a_categorys_page_is_read_once_for_its_readers_until_content_changes(
    shared_answers, member, client_for, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        thread = thread_by(member, title="Sunday dumplings")
    url = thread.category.get_absolute_url()
    first, second = client_for(MemberFactory()), client_for(MemberFactory())
    assert "Sunday dumplings" in first.get(url).content.decode()
    with CaptureQueriesContext(connection) as queries:
        assert "Sunday dumplings" in second.get(url).content.decode()
    # Neither the category (from the kept list of categories) nor its page of threads.
    assert not queries_of("forum_thread", queries) and not queries_of("forum_category", queries)
    with django_capture_on_commit_callbacks(execute=True):
        thread_by(member, title="Monday noodles")
    assert "Monday noodles" in second.get(url).content.decode()
    assert second.get("/c/no-such-category/").status_code == 404
