"""Each member's place in each thread: lists show how many replies they have not read and
open the thread at the first of them; "Mark all read" catches up."""

import re

import pytest
from django.urls import reverse

from forum import services, signals
from forum.models import Thread, ThreadRead
from forum.selectors import POSTS_PER_PAGE
from moderation.services import approve_post
from tests.factories import MemberFactory, reply_by, thread_by

pytestmark = pytest.mark.django_db


def row_of(page: str, title: str) -> str:
    rows = re.findall(r'<article class="thread-row">.*?</article>', page, re.S)
    (row,) = [row for row in rows if title in row]
    return row


def grow(thread, count, author=None):
    author = author or MemberFactory()
    for index in range(count):
        reply_by(author, thread, body=f"Reply {index}")


def test_a_thread_read_then_replied_to_shows_its_unread_count_and_opens_at_the_first(
    member, other_member, client_for
):
    thread = thread_by(other_member, title="Hot pot nights")
    grow(thread, 3)
    reader = client_for(member)
    assert "unread" not in row_of(reader.get("/").content.decode(), "Hot pot nights")

    reader.get(thread.get_absolute_url())  # read to post 4
    assert ThreadRead.objects.get(member=member, thread=thread).last_read_number == 4
    row = row_of(reader.get("/").content.decode(), "Hot pot nights")
    assert "unread" not in row

    grow(thread, 2)
    row = row_of(reader.get("/").content.decode(), "Hot pot nights")
    first_unread = f"{thread.get_absolute_url()}#post-5"
    assert f'<a class="badge badge-unread" href="{first_unread}">2 unread</a>' in row
    assert f'<a href="{first_unread}" data-content' in row  # the title opens there too

    # Another member who never opened it, and the author in Chinese, see their own counts.
    assert "unread" not in row_of(client_for(MemberFactory()).get("/").content.decode(), "Hot")
    other_member_page = client_for(other_member).get("/").content.decode()
    assert "未读" not in row_of(other_member_page, "Hot pot nights")  # never opened it either


def test_the_first_unread_reply_on_a_later_page_is_linked_with_its_page(member, client_for):
    thread = thread_by(MemberFactory(), title="Long thread")
    grow(thread, POSTS_PER_PAGE - 1)  # one full page
    reader = client_for(member)
    reader.get(thread.get_absolute_url())
    grow(thread, 3)
    row = row_of(reader.get("/").content.decode(), "Long thread")
    number = POSTS_PER_PAGE + 1
    assert f'href="{thread.get_absolute_url()}?page=2#post-{number}">3 unread' in row


def test_rereading_an_earlier_page_keeps_the_place(member, client_for):
    thread = thread_by(MemberFactory(), title="Long thread")
    grow(thread, POSTS_PER_PAGE + 4)
    reader = client_for(member)
    reader.get(thread.get_absolute_url() + "?page=2")
    reader.get(thread.get_absolute_url())  # page 1 again
    assert ThreadRead.objects.get(member=member).last_read_number == POSTS_PER_PAGE + 5


def test_mark_all_read_catches_up_every_opened_thread(member, client_for):
    first, second = (
        thread_by(MemberFactory(), title="First"),
        thread_by(MemberFactory(), title="Second"),
    )
    reader = client_for(member)
    for thread in (first, second):
        reader.get(thread.get_absolute_url())
        grow(thread, 2)
    page = reader.get("/").content.decode()
    assert "2 unread" in row_of(page, "First") and "2 unread" in row_of(page, "Second")
    assert "Mark all read" in page

    response = reader.post(reverse("forum:mark-all-read"), {"next": "/?page=1"})
    assert response.status_code == 302 and response["Location"] == "/?page=1"
    page = reader.get("/").content.decode()
    assert "unread" not in row_of(page, "First") and "unread" not in row_of(page, "Second")
    assert "Mark all read" not in page
    assert services.mark_all_read(member=member) == 0


def test_a_held_reply_approved_later_never_moves_the_thread_back(member, moderator):
    thread = thread_by(MemberFactory(), title="Approvals")
    held = services.threads._write_reply(  # what a watched word does: written, held
        author=MemberFactory(),
        thread=thread,
        verdict=signals.Verdict(body="Waiting for a moderator", hold_reason="watched_word"),
        region_code="",
    )
    assert Thread.objects.get(pk=thread.pk).last_number == 1  # nobody sees it yet
    grow(thread, 2)  # posts 3 and 4
    assert Thread.objects.get(pk=thread.pk).last_number == 4
    approve_post(moderator=moderator, post=held)
    assert Thread.objects.get(pk=thread.pk).last_number == 4  # not back to 2


def test_signed_out_lists_show_no_counts(anonymous, member):
    thread = thread_by(member, title="Public thread")
    grow(thread, 2)
    assert "unread" not in anonymous.get("/").content.decode()
