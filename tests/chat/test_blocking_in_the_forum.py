"""A block reaches the forum: the blocked member cannot reply to, quote, mention (reach) or
follow the blocker, and the blocker sees their posts as one collapsed line."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from chat import services as chat_services
from forum import services as forum_services
from forum.models import Notification
from tests.factories import reply_by, thread_by

pytestmark = pytest.mark.django_db


@pytest.fixture
def blocked(member, other_member):
    """小蓝 (other_member) blocks Jess (member)."""
    chat_services.block_member(blocker=other_member, blocked=member)
    return member


def test_the_blocked_member_cannot_reply_quote_or_follow(blocked, other_member, client_for):
    thread = thread_by(other_member, title="我的猫", body="看看我的猫")
    with pytest.raises(PermissionDenied):
        forum_services.add_reply(author=blocked, thread=thread, body="cute!", region_code="US")
    response = client_for(blocked).post(
        reverse("forum:thread-reply", args=[thread.pk]), {"body": "cute!"}
    )
    assert response.status_code == 403
    elsewhere = thread_by(blocked, title="Cats", body="Mine too")
    their_reply = reply_by(other_member, elsewhere, body="好可爱")
    with pytest.raises(PermissionDenied):
        forum_services.add_reply(
            author=blocked, thread=elsewhere, body="quoting", region_code="US",
            quoted_post=their_reply,
        )  # fmt: skip
    with pytest.raises(PermissionDenied):
        forum_services.follow_member(follower=blocked, member=other_member, follow=True)


def test_a_mention_by_the_blocked_member_does_not_reach_the_blocker(blocked, other_member):
    thread_by(blocked, title="Hello", body="Hi @xiaolan, nice cat!")
    assert not Notification.objects.filter(recipient=other_member).exists()


def test_the_blocker_sees_a_collapsed_line_instead_of_their_posts(
    blocked, other_member, client_for
):
    thread = thread_by(other_member, title="公开帖", body="大家好")
    forum_services.add_reply(
        author=blocked, thread=thread_by(blocked, title="x", body="y"), body="z", region_code=""
    )
    open_thread = thread_by(blocked, title="Open to all", body="Something the blocker won't see")
    page = client_for(other_member).get(open_thread.get_absolute_url()).content.decode()
    assert "Something the blocker won" not in page
    assert "你拉黑" in page  # the collapsed line, in the blocker's language
    others_view = client_for(blocked).get(thread.get_absolute_url()).content.decode()
    assert "大家好" in others_view  # the blocked member still reads public posts


def test_a_block_made_during_a_request_counts_at_once_for_that_request(member, other_member):
    """Blocks are read once a request and kept on the request's member (request.user is a
    lazy object): the block services forget them, so a check after a block sees it."""
    from django.utils.functional import SimpleLazyObject

    from chat import selectors as chat_selectors
    from forum import permissions

    thread = thread_by(other_member, title="Tea at dawn")
    request_user = SimpleLazyObject(lambda: member)
    assert permissions.can_reply(request_user, thread)  # blocks read and kept
    chat_services.block_member(blocker=other_member, blocked=request_user)
    assert not permissions.can_reply(request_user, thread)
    chat_services.unblock_member(blocker=other_member, blocked=request_user)
    assert permissions.can_reply(request_user, thread)
    chat_services.block_member(blocker=request_user, blocked=other_member)
    assert other_member.pk in chat_selectors.blocked_ids(request_user)


def test_a_block_stops_the_very_next_write_whatever_the_cache_holds(
    member, other_member, client_for, django_capture_on_commit_callbacks
):
    """Write checks read the database: the member's cached block relations (here, as they were
    before the block, as a request in flight may still hold them) do not let a write through."""
    from unittest import mock

    from chat import selectors as chat_selectors

    thread = thread_by(other_member, title="Dumplings", body="我包的饺子")
    their_post = thread.posts.get(number=1)
    elsewhere = thread_by(member, title="Noodles", body="Hand-pulled")
    their_reply = reply_by(other_member, elsewhere, body="好吃")
    before = chat_selectors.block_relations(member)  # cached: no block yet
    assert not before.blockers
    with django_capture_on_commit_callbacks(execute=True):
        chat_services.block_member(blocker=other_member, blocked=member)
    with mock.patch.object(chat_selectors, "block_relations", return_value=before):
        reply = client_for(member).post(
            reverse("forum:thread-reply", args=[thread.pk]), {"body": "cute!"}
        )
        assert reply.status_code == 403
        with pytest.raises(PermissionDenied):
            forum_services.add_reply(
                author=member, thread=elsewhere, body="quoting", region_code="US",
                quoted_post=their_reply,
            )  # fmt: skip
        with pytest.raises(PermissionDenied):
            forum_services.follow_member(follower=member, member=other_member, follow=True)
    assert not thread.posts.filter(author=member).exists()
    assert their_post.pk  # the blocker's own post is untouched


def test_block_relations_computed_before_a_block_are_never_served_after_it(member, other_member):
    """The race: a page read the block relations while the block was being written, and stored
    them after it committed. They are stored under the old version and never read again."""
    from unittest import mock

    from chat import selectors as chat_selectors
    from core import caching

    real_store = caching._store

    def store_after_the_block(values, timeout):
        chat_services.block_member(blocker=other_member, blocked=member)
        real_store(values, timeout)

    with mock.patch.object(caching, "_store", store_after_the_block):
        in_flight = chat_selectors.block_relations(member)
    assert other_member.pk not in in_flight.blockers  # computed before the block
    assert other_member.pk in chat_selectors.block_relations(member).blockers
