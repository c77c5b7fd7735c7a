"""Who's here: the strip under a thread's header saying where its posts were written from
("3 China · 1 United Kingdom · 1 United States"), from the posts' region tags."""

import re

import pytest

from forum import selectors, services
from forum.selectors import RegionCount
from moderation import services as moderation_services
from moderation.watched_words import add_watched_word
from tests.factories import MemberFactory, reply_by, thread_by

pytestmark = pytest.mark.django_db


def strip_of(html: str) -> list[str]:
    """The regions of the strip as a reader sees them, in order."""
    found = re.findall(r'<span class="whos-here-region">(.*?)</span>', html)
    return [" ".join(text.split()) for text in found]


@pytest.fixture
def mixed_thread(member, moderator):
    """Started from the US; three replies from China, one from the UK; a deleted reply from
    Japan, a hidden one from France and one from Germany waiting for approval."""
    thread = thread_by(member, region_code="US")
    for _ in range(3):
        reply_by(MemberFactory(), thread, region_code="CN")
    reply_by(MemberFactory(), thread, region_code="GB")
    deleted = reply_by(MemberFactory(), thread, region_code="JP")
    services.delete_post(author=deleted.author, post=deleted)
    hidden = reply_by(MemberFactory(), thread, region_code="FR")
    moderation_services.hide_post(moderator=moderator, post=hidden, reason="Off topic")
    add_watched_word(moderator=moderator, word="cheap followers", response="hold")
    held = reply_by(MemberFactory(), thread, body="Buy cheap followers here", region_code="DE")
    assert held.held_at is not None
    return thread


def test_the_strip_counts_the_posts_everyone_can_read_by_region_most_first(
    mixed_thread, other_member, client_for, anonymous
):
    assert selectors.thread_regions(mixed_thread) == [
        RegionCount("CN", 3),
        RegionCount("GB", 1),
        RegionCount("US", 1),
    ]
    page = anonymous.get(mixed_thread.get_absolute_url()).content.decode()
    assert strip_of(page) == ["3 China", "1 United Kingdom", "1 United States"]
    assert 'id="whos-here-heading"' in page

    # A Chinese reader reads the countries in Chinese.
    in_chinese = client_for(other_member).get(mixed_thread.get_absolute_url()).content.decode()
    assert strip_of(in_chinese) == ["中国 3", "英国 1", "美国 1"]


def test_an_unknown_region_comes_last(member):
    thread = thread_by(member, region_code="ZZ")
    reply_by(MemberFactory(), thread, region_code="ZZ")
    reply_by(MemberFactory(), thread, region_code="BR")
    assert selectors.thread_regions(thread) == [RegionCount("BR", 1), RegionCount("ZZ", 2)]


def test_the_strip_follows_the_thread(member, anonymous):
    thread = thread_by(member, region_code="US")
    assert strip_of(anonymous.get(thread.get_absolute_url()).content.decode()) == [
        "1 United States"
    ]
    reply_by(MemberFactory(), thread, region_code="CN")
    reply_by(MemberFactory(), thread, region_code="CN")
    assert strip_of(anonymous.get(thread.get_absolute_url()).content.decode()) == [
        "2 China",
        "1 United States",
    ]


def test_the_strip_is_one_query_at_any_length(member, django_assert_num_queries):
    thread = thread_by(member, region_code="US")
    with django_assert_num_queries(1):
        assert len(selectors.thread_regions(thread)) == 1
    for code in ["CN", "GB", "CA", "AU", "DE", "FR", "JP", "KR"] * 3:
        reply_by(MemberFactory(), thread, region_code=code)
    with django_assert_num_queries(1):
        assert len(selectors.thread_regions(thread)) == 9
