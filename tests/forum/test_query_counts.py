"""Pages run the same number of queries at any length (per-request caches warmed first)."""

from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone

from forum import services
from forum.models import Introduction
from tests.factories import MemberFactory, cat_photo, reply_by, thread_by

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def one_moment():
    """ "3 seconds ago" is in an item's key: every view at one moment, however slow the
    machine, so a second view finds what the first cached."""
    with mock.patch("forum.fragments.timezone.now", return_value=timezone.now()):
        yield


def grow_thread(thread, replies: int):
    for index in range(replies):
        reply = reply_by(MemberFactory(), thread, body=f"Reply {index} with **markdown**")
        services.toggle_reaction(member=thread.author, post=reply, kind="heart")


def test_thread_page_queries_at_20_and_500_replies(
    member, other_member, client_for, django_assert_num_queries
):
    thread = thread_by(member)
    grow_thread(thread, 19)
    client = client_for(other_member)
    url = thread.get_absolute_url()
    client.get(url)
    # thread, page count, posts with authors, images, their reaction counts, who has posts
    # waiting for approval, where the posts were written from (Who's here, one grouped query);
    # the session, the reader's row, the header's unread counts, the reader's follows, blocks
    # and reactions in the thread were cached by the first page (and with PAGE_CACHE_SECONDS
    # above 0, as in production, the whole page of posts is); and the reader's position in
    # the thread, which stays where it is (it moves with one more)
    with django_assert_num_queries(8):
        client.get(url)
    grow_thread(thread, 481)
    client.get(url + "?page=13")  # its posts' HTML is cached
    with django_assert_num_queries(8):
        response = client.get(url + "?page=13")
    assert response.content.decode().count('class="post"') == 20
    assert "Reply 480 with" in client.get(url + "?page=last").content.decode()


def test_feed_queries_at_2_and_40_threads(member, client_for, django_assert_num_queries):
    for _ in range(2):
        thread_by(MemberFactory())
    client = client_for(member)
    client.get("/")
    # who has a thread waiting for approval, thread count, the days the page reaches, the
    # page's order, its threads with authors and categories, categories, the New arrivals
    # panel's introductions (none today: their welcomers are not asked for); the session, the
    # member's row, the feed settings, the member's follows and the header's unread counts
    # were kept by the first page (and with PAGE_CACHE_SECONDS above 0 the held threads'
    # authors, the count, the reach, the order and the categories are kept too); and how far
    # the member has read the page's threads (one query, however many rows)
    with django_assert_num_queries(8):
        client.get("/")
    for _ in range(38):
        thread_by(MemberFactory())
    # A page of rows never seen: one more, their threads read again after their versions
    # (forum/fragments.py), however many rows.
    with django_assert_num_queries(9):
        response = client.get("/?page=2")
    assert response.content.decode().count('class="thread-row"') == 20


def test_introductions_grid_queries_at_2_and_30(anonymous, client_for, django_assert_num_queries):
    def introduce(count):
        for _ in range(count):
            member = MemberFactory()
            client_for(member).post(
                reverse("forum:introduction-mine"),
                {
                    "title": "Hello there everyone",
                    "who_i_am": "Someone new",
                    "where_from": "Somewhere",
                    "languages_spoken": ["en"],
                    "photos": [cat_photo()],
                },
            )

    introduce(2)
    url = reverse("forum:introductions")
    anonymous.get(url)
    # the count, the page's introductions, the interest list and the regions for the filter
    # (shared between readers where pages are kept; tests keep no page); each card is kept
    with django_assert_num_queries(4):
        anonymous.get(url)
    introduce(28)
    assert Introduction.objects.count() == 30
    # cards not kept yet: their introductions with members, threads, regions and welcome
    # counts, the members' interests, the photos and the latest welcomers, for all at once
    with django_assert_num_queries(8):
        response = anonymous.get(url)
    assert response.content.decode().count('class="intro-card"') == 24
    with django_assert_num_queries(4):
        anonymous.get(url)
