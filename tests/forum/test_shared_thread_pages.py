"""A page of a thread is read once and kept for every reader who sees the same posts
(selectors.reading_page): the thread, its count, its posts and its "Who's here" strip,
dropped at once when content changes. Moderators of the thread and members with posts waiting
for approval in it see more than the others: their page is their own. Each reader's own
reactions, follows and blocks are kept for them and dropped by what changes them."""

import re
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from chat import services as chat_services
from forum import services
from moderation import services as moderation_services
from moderation.watched_words import add_watched_word
from tests.factories import MemberFactory, reply_by, thread_by
from tests.fakes.cache import fragments_lost
from tests.html import without_tokens

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def shared_answers(settings):
    """Answers shared between readers are kept (the test settings turn the cache off)."""
    settings.PAGE_CACHE_SECONDS = 30


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run a write as a request would: what it drops is dropped once it commits."""

    def run(write, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return write(*args, **kwargs)

    return run


@pytest.fixture
def thread(member, other_member, committed):
    thread = committed(thread_by, member, title="Sunday dumplings", body="Who makes them?")
    committed(reply_by, other_member, thread, body="我奶奶每个周末都包饺子。")
    return thread


def test_a_reader_reads_a_kept_page_with_one_query_at_any_length(
    thread, member, client_for, committed
):
    # "3 seconds ago" is in a post's key: every view at one moment, however slow the machine.
    moment = timezone.now()
    with mock.patch("forum.fragments.timezone.now", return_value=moment):
        _read_twice_at_any_length(thread, client_for, committed)


def _read_twice_at_any_length(thread, client_for, committed):
    url = thread.get_absolute_url()
    client_for(MemberFactory()).get(url)  # another reader's view keeps the page
    reader = client_for(MemberFactory())
    reader.get(url)  # the reader's first view keeps their own answers (follows, blocks …)
    with CaptureQueriesContext(connection) as queries:
        page = reader.get(url).content.decode()
    # Not even the session and the member: kept in the cache by their first view. Only the
    # reader's position in the thread, which has not moved.
    assert [query["sql"].split(" FROM ")[1].split()[0] for query in queries] == [
        '"forum_threadread"'
    ]
    assert "我奶奶每个周末都包饺子。" in page
    for index in range(40):
        committed(reply_by, MemberFactory(), thread, body=f"Reply {index}")
    reader.get(url + "?page=3")
    with CaptureQueriesContext(connection) as queries:
        page = reader.get(url + "?page=3").content.decode()
    assert [query["sql"].split(" FROM ")[1].split()[0] for query in queries] == [
        '"forum_threadread"'
    ]
    assert page.count('class="post"') == 2 and "Reply 39" in page


def test_a_reply_an_edit_and_a_lock_show_at_once(
    thread, member, other_member, client_for, committed
):
    url = thread.get_absolute_url()
    reader = client_for(MemberFactory())
    assert "Reply from Lisbon" not in reader.get(url).content.decode()
    committed(reply_by, MemberFactory(), thread, body="Reply from Lisbon", region_code="PT")
    page = reader.get(url).content.decode()
    assert "Reply from Lisbon" in page and "1 Portugal" in page
    opening = thread.posts.get(number=1)
    committed(services.edit_post, editor=member, post=opening, body="Edited", title="Dumplings!")
    assert "<h1" in page and "Dumplings!</h1>" in reader.get(url).content.decode()
    moderator = MemberFactory(is_staff=True)
    committed(moderation_services.flag_thread, moderator=moderator, thread=thread, action="lock")
    assert "This thread is locked" in reader.get(url).content.decode()


def test_held_posts_show_to_their_author_and_moderators_only(
    thread, member, moderator, client_for, committed
):
    add_watched_word(moderator=moderator, word="cheap followers", response="hold")
    writer = MemberFactory()
    held = committed(reply_by, writer, thread, body="Buy cheap followers here")
    assert held.held_at is not None
    url = thread.get_absolute_url()
    reader = client_for(MemberFactory())
    assert "Buy cheap followers" not in reader.get(url).content.decode()  # kept for readers
    assert "Buy cheap followers" in client_for(writer).get(url).content.decode()
    assert "Buy cheap followers" in client_for(moderator).get(url).content.decode()
    assert "Buy cheap followers" not in reader.get(url).content.decode()
    committed(moderation_services.approve_post, moderator=moderator, post=held)
    assert "Buy cheap followers" in reader.get(url).content.decode()


def test_a_deleted_thread_is_missing_for_members_and_there_for_moderators(
    thread, member, moderator, client_for, committed
):
    url = thread.get_absolute_url()
    reader = client_for(MemberFactory())
    assert reader.get(url).status_code == 200
    opening = thread.posts.get(number=1)
    committed(moderation_services.delete_post, moderator=moderator, post=opening, reason="Spam")
    assert reader.get(url).status_code == 404
    assert client_for(member).get(url).status_code == 404
    assert client_for(moderator).get(url).status_code == 200


def test_ones_own_reactions_show_at_once_and_are_nobody_elses(thread, client_for):
    url = thread.get_absolute_url()
    reply = thread.posts.get(number=2)
    reactor, reader = MemberFactory(), MemberFactory()
    mine = re.compile(
        rf'id="reactions-{reply.pk}".*?value="hug" class="reaction reaction-mine"', re.S
    )
    assert not mine.search(client_for(reactor).get(url).content.decode())
    services.toggle_reaction(member=reactor, post=reply, kind="hug")
    assert mine.search(client_for(reactor).get(url).content.decode())
    assert not mine.search(client_for(reader).get(url).content.decode())
    services.toggle_reaction(member=reactor, post=reply, kind="hug")  # taken back
    assert not mine.search(client_for(reactor).get(url).content.decode())


def test_blocking_folds_the_authors_posts_at_once(thread, member, other_member, client_for):
    url = thread.get_absolute_url()
    reader = client_for(member)
    assert "我奶奶每个周末都包饺子。" in reader.get(url).content.decode()
    chat_services.block_member(blocker=member, blocked=other_member)
    assert "我奶奶每个周末都包饺子。" not in reader.get(url).content.decode()
    chat_services.unblock_member(blocker=member, blocked=other_member)
    assert "我奶奶每个周末都包饺子。" in reader.get(url).content.decode()


def test_a_post_whose_kept_html_was_lost_is_rendered_again_the_same(thread, client_for):
    url = thread.get_absolute_url()
    reader = client_for(MemberFactory())
    # One moment for both views: "3 seconds ago" must not tick between them on a slow machine.
    with mock.patch("forum.fragments.timezone.now", return_value=timezone.now()):
        kept = reader.get(url).content.decode()
        with (
            fragments_lost(),
            CaptureQueriesContext(connection) as queries,
        ):
            again = reader.get(url).content.decode()
    assert without_tokens(again) == without_tokens(kept)
    # The lost posts are read again, all at once: the posts with their authors, their images.
    assert len([query for query in queries if 'FROM "forum_post"' in query["sql"]]) == 1
    assert len([query for query in queries if 'FROM "forum_postimage"' in query["sql"]]) == 1


def test_a_post_gone_since_the_page_was_kept_is_left_out(thread, other_member, client_for):
    """An account removed in the admin takes its posts, and the kept page may still list one
    for a few seconds: if its HTML is lost too, the page shows the others."""
    url = thread.get_absolute_url()
    reader = client_for(MemberFactory())
    assert "我奶奶每个周末都包饺子。" in reader.get(url).content.decode()
    other_member.delete()
    with fragments_lost():
        answer = reader.get(url)
    assert answer.status_code == 200
    page = answer.content.decode()
    assert "Who makes them?" in page and "我奶奶每个周末都包饺子。" not in page
    assert page.count('class="post"') == 1
