"""A thread open on a member's screen learns of new replies: its socket watches the thread,
a reply sends a hint, and the page fetches the replies after the last one it shows."""

import pytest
from asgiref.sync import sync_to_async
from django.urls import reverse
from django.utils import timezone

from chat.services import block_member
from forum.models import Thread, ThreadRead
from halfway.asgi import application
from tests.factories import MemberFactory, reply_by, thread_by
from tests.websocket import SocketClient, close_thread_connections, session_headers  # noqa: F401


async def watching(member, topic: str) -> SocketClient:
    socket = SocketClient(application, "/ws/", headers=await session_headers(member))
    assert (await socket.connect())[0]
    await socket.send_json_to({"type": "watch", "topic": topic})
    return socket


def reply_committed(author, thread, body="Same here!"):
    """A reply in its own transaction (this test's database commits), as a request writes."""
    return reply_by(author, thread, body=body)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
async def test_a_reader_watching_a_thread_hears_of_each_new_reply(member, other_member):
    thread = await sync_to_async(thread_by)(member, title="Dumplings")
    reader = await sync_to_async(MemberFactory)(username="reader")
    socket = await watching(reader, f"thread:{thread.pk}")
    assert await socket.receive_json_from(timeout=5) == {
        "type": "watching",
        "topic": f"thread:{thread.pk}",
    }

    reply = await sync_to_async(reply_committed)(other_member, thread)
    frame = await socket.receive_json_from(timeout=5)
    assert frame == {
        "type": "thread.reply",
        "thread": thread.pk,
        "number": reply.number,
        "author": other_member.pk,
    }
    await socket.disconnect()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
async def test_a_thread_the_member_may_not_see_cannot_be_watched(member, other_member):
    thread = await sync_to_async(thread_by)(other_member, title="Waiting for approval")
    await sync_to_async(Thread.objects.filter(pk=thread.pk).update)(held_at=timezone.now())
    socket = await watching(member, f"thread:{thread.pk}")
    for topic in ["thread:99999999", "thread:1 OR 1=1", "chat:1", "thread:" + "9" * 40, ""]:
        await socket.send_json_to({"type": "watch", "topic": topic})
    assert await socket.receive_nothing(timeout=0.5)

    await sync_to_async(Thread.objects.filter(pk=thread.pk).update)(held_at=None)
    await sync_to_async(reply_committed)(other_member, thread)
    assert await socket.receive_nothing(timeout=0.5)  # never joined
    await socket.disconnect()


@pytest.mark.django_db
def test_the_replies_after_a_number_are_the_posts_the_page_lacks(member, other_member, client_for):
    thread = thread_by(member, title="Tea")
    reply_by(other_member, thread, body="乌龙茶")
    reply_by(MemberFactory(username="mei"), thread, body="Pu'er, aged ten years")
    url = reverse("forum:thread-new-replies", args=[thread.pk])

    html = client_for(member).get(url, {"after": 2}).content.decode()
    assert html.count("<li") == 1 and 'id="post-3"' in html and "aged ten years" in html
    assert "乌龙茶" not in html
    # The reactions are htmx forms: the page's token goes as a header, none is in the HTML.
    assert "csrfmiddlewaretoken" not in html

    html = client_for(member).get(url, {"after": 1}).content.decode()
    assert html.count("<li") == 2
    # Shown in place, they are read: the lists count none of them.
    assert ThreadRead.objects.get(member=member, thread=thread).last_read_number == 3

    # A member one blocked shows as one folded line, as on the page.
    block_member(blocker=member, blocked=other_member)
    html = client_for(member).get(url, {"after": 1}).content.decode()
    assert "A post by a member you blocked." in html


@pytest.mark.django_db
@pytest.mark.parametrize("after", ["", "-1", "abc\x00", "9" * 40])
def test_any_after_value_gives_an_answer_not_an_error(member, client_for, after):
    thread = thread_by(member)
    url = reverse("forum:thread-new-replies", args=[thread.pk])
    response = client_for(member).get(url, {"after": after})
    assert response.status_code in (200, 400)


@pytest.mark.django_db
def test_the_replies_of_a_thread_one_may_not_see_are_a_404(member, other_member, client_for):
    thread = thread_by(other_member)
    Thread.objects.filter(pk=thread.pk).update(held_at=timezone.now())
    url = reverse("forum:thread-new-replies", args=[thread.pk])
    assert client_for(member).get(url, {"after": 0}).status_code == 404


@pytest.mark.django_db
def test_the_thread_page_offers_the_bar_in_the_readers_language(member, other_member, client_for):
    thread = thread_by(member)
    page = client_for(other_member).get(thread.get_absolute_url()).content.decode()
    assert 'data-one="1 条新回复"' in page and 'data-other="{count} 条新回复"' in page
    assert f'data-thread="{thread.pk}"' in page and "data-last-page" in page
    english = client_for(member).get(thread.get_absolute_url()).content.decode()
    assert 'data-one="1 new reply"' in english and 'data-other="{count} new replies"' in english
