"""A thread page's posts are rendered once and kept for every reader who would see the same
HTML (forum/fragments.py): never stale, never another reader's, with each reader's own
reactions and CSRF token."""

import re
from datetime import UTC, datetime, timedelta
from unittest import mock

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from forum import services
from forum.models import Post
from moderation import services as moderation_services
from tests.factories import MemberFactory, reply_by, thread_by

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
HEADER_TOKEN = re.compile(r'hx-headers=\'\{"X-CSRFToken": "([^"]+)"\}\'')


def post_renders(response) -> int:
    return [template.name for template in response.templates].count("forum/_post.html")


@pytest.fixture
def thread(member, other_member):
    thread = thread_by(member, title="Sunday dumplings", body="Who makes them by hand?")
    reply_by(other_member, thread, body="我奶奶每个周末都包饺子。")
    return thread


def test_a_second_reader_of_the_same_kind_gets_the_kept_posts(thread, client_for):
    url = thread.get_absolute_url()
    first = client_for(MemberFactory()).get(url)
    assert post_renders(first) == 2
    second = client_for(MemberFactory()).get(url)
    assert post_renders(second) == 0
    assert "我奶奶每个周末都包饺子" in second.content.decode()


def test_reactions_are_each_readers_own_and_the_pages_token_sends_one(thread, member, client_for):
    url = thread.get_absolute_url()
    opening = thread.posts.get(number=1)
    hugger, reader = MemberFactory(), MemberFactory()
    services.toggle_reaction(member=hugger, post=opening, kind="hug")
    hugger_page = client_for(hugger).get(url).content.decode()
    reader_client = Client(enforce_csrf_checks=True)
    reader_client.force_login(reader)
    reader_page = reader_client.get(url).content.decode()
    assert 'value="hug" class="reaction reaction-mine"' in hugger_page
    assert "reaction-mine" not in reader_page
    assert 'value="hug" class="reaction"' in reader_page  # the count shows, not as theirs
    # Another reader who gave no reaction gets the reader's cached posts.
    assert post_renders(client_for(MemberFactory()).get(url)) == 0
    # The cached posts hold no token; htmx sends the page's own as a header.
    assert 'id="reactions-' in reader_page
    posts_html = reader_page[reader_page.index('id="post-1"') : reader_page.index('id="reply"')]
    assert "csrfmiddlewaretoken" not in posts_html
    token = HEADER_TOKEN.search(reader_page).group(1)
    react = reverse("forum:post-react", args=[opening.pk])
    assert reader_client.post(react, {"kind": "heart"}).status_code == 403
    assert reader_client.post(react, {"kind": "heart"}, HTTP_X_CSRFTOKEN=token).status_code == 302


def test_an_edit_shows_at_once(thread, member, client_for):
    url = thread.get_absolute_url()
    reader = client_for(MemberFactory())
    reader.get(url)
    services.edit_post(editor=member, post=thread.posts.get(number=1), body="By hand, always.")
    page = reader.get(url).content.decode()
    assert "By hand, always." in page and "Who makes them by hand?" not in page


def test_a_new_name_and_photo_show_at_once(thread, member, client_for):
    url = thread.get_absolute_url()
    reader = client_for(MemberFactory())
    reader.get(url)
    member.display_name = "Jess B."
    member.save(update_fields=["display_name"])
    assert "Jess B." in reader.get(url).content.decode()


def test_a_hidden_post_differs_for_members_its_author_and_moderators(
    thread, other_member, moderator, client_for
):
    url = thread.get_absolute_url()
    reply = Post.objects.get(thread=thread, number=2)
    reader = client_for(MemberFactory())
    reader.get(url)
    moderation_services.hide_post(moderator=moderator, post=reply, reason="Off topic")
    member_page = reader.get(url).content.decode()
    assert "我奶奶" not in member_page and "Hidden by moderators." in member_page
    author_page = client_for(other_member).get(url).content.decode()
    assert "我奶奶" in author_page and "post-hidden-notice" in author_page
    moderator_page = client_for(moderator).get(url).content.decode()
    assert "我奶奶" in moderator_page and "Off topic" in moderator_page
    # And back: the member's kept page was not the moderator's.
    assert "我奶奶" not in reader.get(url).content.decode()


def test_moderators_menus_are_never_kept_for_members(thread, moderator, client_for):
    url = thread.get_absolute_url()
    assert "Warn the author" in client_for(moderator).get(url).content.decode()
    page = client_for(MemberFactory()).get(url).content.decode()
    assert "Warn the author" not in page and "Report" in page


def test_the_author_gets_their_own_tools(thread, member, client_for):
    url = thread.get_absolute_url()
    client_for(MemberFactory()).get(url)
    page = client_for(member).get(url).content.decode()
    edit = reverse("forum:post-edit", args=[thread.posts.get(number=1).pk])
    assert f'href="{edit}"' in page


def test_each_language_gets_its_own(thread, client_for):
    url = thread.get_absolute_url()
    english = client_for(MemberFactory(preferred_language="en")).get(url).content.decode()
    chinese = client_for(MemberFactory(preferred_language="zh-hans")).get(url).content.decode()
    assert "IP region: United States" in english
    assert "IP属地：美国" in chinese and "IP region" not in chinese


def test_the_time_ago_moves_on_with_the_clock(thread, client_for):
    url = thread.get_absolute_url()
    reader = client_for(MemberFactory())
    three_hours_ago = re.compile(r"3\shours\sago")  # with no-break spaces
    assert not three_hours_ago.search(reader.get(url).content.decode())

    class ThreeHoursLater(datetime):
        @classmethod
        def now(cls, tz=None):
            return datetime.now(tz) + timedelta(hours=3)

    # Nothing about the post changed: only the clock "time ago" is read against (by the
    # template's `ago`, and by the fragment's key; both read django.utils.timezone.now).
    with mock.patch("forum.fragments.timezone.now", lambda: ThreeHoursLater.now(UTC)):
        assert three_hours_ago.search(reader.get(url).content.decode())


def test_reaction_counts_are_cached_with_the_page_and_move_at_once(thread, client_for, settings):
    """The counts are the same for every reader: cached with the thread's page, not counted
    again on each view, and counted again after a reaction or its taking back."""
    settings.PAGE_CACHE_SECONDS = 30
    url = thread.get_absolute_url()
    opening = thread.posts.get(number=1)
    reader = client_for(MemberFactory())

    def hugs() -> str:
        page = reader.get(url).content.decode()
        form = re.search(rf'id="reactions-{opening.pk}".*?</form>', page, re.S).group(0)
        found = re.search(r'value="hug"[^>]*>.*?(?:reaction-count">(\d+)<|</button>)', form, re.S)
        return found.group(1) or "0"

    assert hugs() == "0"
    with CaptureQueriesContext(connection) as queries:
        reader.get(url)
    assert not [
        query for query in queries if "COUNT(" in query["sql"] and "reaction" in query["sql"]
    ]
    first, second = MemberFactory(), MemberFactory()
    services.toggle_reaction(member=first, post=opening, kind="hug")
    assert hugs() == "1"
    services.toggle_reaction(member=second, post=opening, kind="hug")
    assert hugs() == "2"
    services.toggle_reaction(member=first, post=opening, kind="hug")  # taken back
    assert hugs() == "1"


def test_posts_written_in_the_same_second_each_show_their_own_text(thread, client_for):
    """Two posts alike in everything but themselves (moment, author's kind, reader) are two
    cached items: neither is ever shown in the other's place."""
    first = reply_by(MemberFactory(), thread, body="First of the pair")
    second = reply_by(MemberFactory(), thread, body="Second of the pair")
    Post.objects.filter(pk=second.pk).update(created_at=first.created_at)
    url = thread.get_absolute_url()
    with mock.patch("forum.fragments.timezone.now", return_value=first.created_at):
        client_for(MemberFactory()).get(url)  # renders and caches them
        cached = client_for(MemberFactory()).get(url)
    page = cached.content.decode()
    assert post_renders(cached) == 0
    assert page.count("First of the pair") == 1 and page.count("Second of the pair") == 1
