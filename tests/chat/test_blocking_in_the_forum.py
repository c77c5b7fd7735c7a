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
