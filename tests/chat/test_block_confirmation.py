"""Blocking is asked first and says what it does; afterwards the blocked member reads why they
cannot reply or message before they try, and the blocker's inbox shows none of their words."""

import re
import uuid

import pytest
from django.urls import reverse

from chat import selectors, services
from chat.models import Block, Message
from tests.factories import thread_by

pytestmark = pytest.mark.django_db


def block_page(client, username):
    return client.get(reverse("chat:block", args=[username]))


def test_the_confirmation_says_what_blocking_does_and_only_the_post_blocks(
    member, other_member, client_for
):
    page = block_page(client_for(other_member), member.username)
    html = page.content.decode()
    assert page.status_code == 200
    assert not Block.objects.exists()  # asking is not doing
    assert '拉黑 <span translate="no">Jess</span>？' in html  # in the blocker's language
    assert "对方不会收到通知" in html  # they are not told
    assert reverse("chat:privacy") in html  # where to unblock
    form = re.search(r'<form method="post" action="([^"]+)" class="form-actions">', html)
    assert form.group(1) == reverse("chat:block", args=[member.username])

    response = client_for(other_member).post(form.group(1), {"block": "1"})
    assert response.status_code == 302
    assert Block.objects.filter(blocker=other_member, blocked=member).exists()


def test_the_confirmation_in_english_goes_back_where_the_member_came_from(
    member, other_member, client_for
):
    back = reverse("chat:requests")
    html = (
        client_for(member)
        .get(reverse("chat:block", args=[other_member.username]), {"next": back})
        .content.decode()
    )
    assert "They are not told." in html
    assert "their @mentions don't reach you" in html
    assert f'<a class="button button-quiet" href="{back}">Cancel</a>' in html
    assert f'name="next" value="{back}"' in html


def test_oneself_cannot_be_blocked_and_the_page_says_so(member, client_for):
    html = block_page(client_for(member), member.username).content.decode()
    assert "You cannot block yourself." in html
    assert 'name="block" value="1"' not in html


def test_blocking_a_message_request_is_asked_first_too(member, other_member, client_for):
    client_for(member).post(
        reverse("chat:start", args=[other_member.username]),
        {"body": "Hi! I loved your cat photos.", "client_id": str(uuid.uuid4())},
    )
    conversation = Message.objects.get().conversation
    url = reverse("chat:block-request", args=[conversation.pk])
    recipient = client_for(other_member)

    requests_page = recipient.get(reverse("chat:requests")).content.decode()
    assert f'href="{url}"' in requests_page  # a link to the question, not a form that blocks
    assert f'action="{url}"' not in requests_page
    bar = recipient.get(conversation.get_absolute_url()).content.decode()
    assert f'href="{url}"' in bar and f'action="{url}"' not in bar

    question = recipient.get(url).content.decode()
    assert "对方不会收到通知" in question
    assert f'action="{url}"' in question
    assert not Block.objects.exists()
    assert recipient.post(url).status_code == 302
    assert Block.objects.filter(blocker=other_member, blocked=member).exists()
    assert selectors.requests_for(other_member) == []


@pytest.fixture
def blocked(member, other_member):
    """小蓝 (other_member) blocks Jess (member)."""
    services.block_member(blocker=other_member, blocked=member)
    return member


def test_the_blocked_member_reads_why_there_is_no_reply_form(blocked, other_member, client_for):
    thread = thread_by(other_member, title="我的猫", body="看看我的猫")
    html = client_for(blocked).get(thread.get_absolute_url()).content.decode()
    assert 'class="card reply-refusal"' in html
    assert "You cannot reply to this member." in html
    assert 'name="body"' not in html


def test_the_blocked_member_reads_why_there_is_no_composer(member, other_member, client_for):
    conversation = services.direct_conversation(sender=other_member, recipient=member)
    services.send_message(
        author=other_member, conversation=conversation, body="你好", client_id=uuid.uuid4()
    )
    services.accept_request(member=member, conversation=conversation)
    services.block_member(blocker=other_member, blocked=member)

    theirs = client_for(member).get(conversation.get_absolute_url()).content.decode()
    assert 'class="chat-refusal"' in theirs
    assert "You cannot message this member." in theirs
    assert 'id="composer"' not in theirs
    # No more than that: not who blocked whom.
    assert "blocked" not in re.search(r'<p class="chat-refusal".*?</p>', theirs).group(0)

    mine = client_for(other_member).get(conversation.get_absolute_url()).content.decode()
    assert "取消拉黑" in re.search(r'<p class="chat-refusal".*?</p>', mine).group(0)
    assert 'id="composer"' not in mine


def test_the_blockers_profile_has_no_message_button_for_the_blocked_member(
    blocked, other_member, client_for
):
    profile = reverse("accounts:profile", args=[other_member.username])
    start = reverse("chat:start", args=[other_member.username])
    html = client_for(blocked).get(profile).content.decode()
    assert f'href="{start}"' not in html
    assert "You cannot message this member." in html


def test_the_blockers_inbox_shows_none_of_the_blocked_members_words(
    member, other_member, client_for
):
    conversation = services.direct_conversation(sender=member, recipient=other_member)
    services.send_message(
        author=member,
        conversation=conversation,
        body="A secret about my cat",
        client_id=uuid.uuid4(),
    )
    services.accept_request(member=other_member, conversation=conversation)
    inbox = reverse("chat:inbox")
    assert "A secret about my cat" in client_for(other_member).get(inbox).content.decode()

    services.block_member(blocker=other_member, blocked=member)
    html = client_for(other_member).get(inbox).content.decode()
    assert "A secret about my cat" not in html
    assert "一条来自你拉黑的成员的消息。" in html
    row = client_for(other_member).get(reverse("chat:row", args=[conversation.pk]))
    assert "A secret about my cat" not in row.content.decode()
