"""Drafts: what a member types is kept on the server as they pause, comes back in the same box
on any device, and goes when the text is posted."""

import pytest
from django.urls import reverse

from accounts.models import Draft
from chat import services as chat_services
from forum import services as forum_services
from tests.factories import category, reply_by, thread_by

pytestmark = pytest.mark.django_db
SAVE = "/drafts/"


def test_a_reply_draft_comes_back_in_the_box_and_goes_when_posted(member, other_member, client_for):
    thread = thread_by(other_member, title="Spring rolls")
    client = client_for(member)
    assert reverse("accounts:save-draft") == SAVE
    response = client.post(SAVE, {"key": f"reply:{thread.pk}", "body": "Mine have <b>shrimp</b>"})
    assert response.status_code == 204

    # Another device: the same member, a new session.
    page = client_for(member).get(thread.get_absolute_url()).content.decode()
    assert "Mine have &lt;b&gt;shrimp&lt;/b&gt;</textarea>" in page
    assert f'data-draft="reply:{thread.pk}"' in page
    # Nobody else sees it.
    assert "shrimp" not in client_for(other_member).get(thread.get_absolute_url()).content.decode()

    reply_by(member, thread, body="Mine have shrimp")
    assert not Draft.objects.exists()
    page = client_for(member).get(thread.get_absolute_url()).content.decode()
    assert "shrimp</textarea>" not in page


def test_a_quote_follows_the_draft(member, other_member, client_for):
    thread = thread_by(other_member, body="Dumplings or noodles?")
    client = client_for(member)
    client.post(SAVE, {"key": f"reply:{thread.pk}", "body": "I was saying:"})
    post = thread.posts.get()
    page = client.get(f"{thread.get_absolute_url()}?quote={post.pk}").content.decode()
    assert "I was saying:\n\n&gt; **@xiaolan**\n&gt; Dumplings or noodles?" in page


def test_a_new_thread_draft_keeps_title_and_body_and_goes_when_posted(member, client_for):
    client = client_for(member)
    client.post(SAVE, {"key": "thread", "title": "Weekend market", "body": "Who is going?"})
    page = client.get(reverse("forum:thread-new")).content.decode()
    assert 'value="Weekend market"' in page and "Who is going?</textarea>" in page

    forum_services.start_thread(
        author=member, category=category(), title="Weekend market", body="Who?", region_code=""
    )
    assert not Draft.objects.exists()


def test_a_chat_draft_comes_back_in_the_composer_and_goes_when_sent(
    member, other_member, client_for
):
    conversation = chat_services.direct_conversation(sender=member, recipient=other_member)
    client = client_for(member)
    client.post(SAVE, {"key": f"chat:{conversation.pk}", "body": "明天见？"})
    page = client.get(conversation.get_absolute_url()).content.decode()
    assert "明天见？</textarea>" in page

    client.post(
        reverse("chat:send", args=[conversation.pk]),
        {"body": "明天见？", "client_id": "4f8a6b1e-8c1d-4b8a-9d6e-3c2b1a0f9e8d"},
    )
    assert not Draft.objects.exists()


def test_emptying_the_box_lets_the_draft_go(member, client_for):
    client = client_for(member)
    client.post(SAVE, {"key": "thread", "title": "A", "body": "B"})
    client.post(SAVE, {"key": "thread", "title": " ", "body": "\n"})
    assert not Draft.objects.exists()


@pytest.mark.parametrize(
    "data",
    [
        {"key": "reply:0", "body": "x"},
        {"key": "reply:abc", "body": "x"},
        {"key": "reply:" + "9" * 40, "body": "x"},
        {"key": "other:1", "body": "x"},
        {"key": "thread\x00", "body": "x"},
        {"key": "thread", "body": "x" * 20_001},
        {"key": "thread", "title": "t" * 151},
        {"key": "thread", "body": "a\x00b"},
    ],
)
def test_what_no_page_sends_is_refused_and_nothing_is_kept(member, client_for, data):
    response = client_for(member).post(SAVE, data)
    assert response.status_code == 400
    assert not Draft.objects.exists()


def test_drafts_are_members_only_and_need_a_post(anonymous, member, client_for):
    assert anonymous.post(SAVE, {"key": "thread", "body": "x"}).status_code == 302
    assert client_for(member).get(SAVE).status_code == 405


def test_saving_fast_is_limited_and_says_so(member, client_for, settings):
    settings.DRAFT_RATE_LIMIT = (3, 60)
    client = client_for(member)
    codes = [client.post(SAVE, {"key": "thread", "body": f"v{n}"}).status_code for n in range(4)]
    assert codes == [204, 204, 204, 429]
    assert Draft.objects.get().body == "v2"


def test_a_page_with_no_draft_asks_no_query_for_one(
    member, other_member, client_for, django_assert_num_queries
):
    """Which drafts a member has is read with the request's first cache round trip."""
    thread = thread_by(other_member)
    client = client_for(member)
    client.get(thread.get_absolute_url())
    with django_assert_num_queries(8):  # as test_query_counts: no draft query
        client.get(thread.get_absolute_url())
    client.post(SAVE, {"key": f"reply:{thread.pk}", "body": "Soon"})
    with django_assert_num_queries(10):  # which drafts there are, changed; and the draft
        client.get(thread.get_absolute_url())
    with django_assert_num_queries(9):  # the draft itself
        client.get(thread.get_absolute_url())
