"""Cached fragments are also kept in the process's memory (halfway/fragments.RecentFragments):
a page's second view reads none of them from the cache, and the memory stays bounded."""

from unittest import mock

import pytest
from django.core.cache import cache

from forum import services
from halfway.fragments import RecentFragments
from tests.factories import MemberFactory, reply_by, thread_by

pytestmark = pytest.mark.django_db


def fragment_reads(get_many) -> list[list[str]]:
    return [
        list(call.args[0])
        for call in get_many.call_args_list
        if any(str(key).startswith("fragment:") for key in call.args[0])
    ]


def test_a_second_view_reads_no_fragment_from_the_cache(member, other_member, client_for):
    thread = thread_by(member, title="Sunday dumplings")
    reply_by(other_member, thread, body="我奶奶每个周末都包饺子。")
    reader = client_for(MemberFactory())
    url = thread.get_absolute_url()
    with mock.patch.object(cache, "get_many", wraps=cache.get_many) as get_many:
        first = reader.get(url).content.decode()
    assert fragment_reads(get_many)  # the first view asked the cache
    with mock.patch.object(cache, "get_many", wraps=cache.get_many) as get_many:
        second = reader.get(url).content.decode()
    assert fragment_reads(get_many) == []
    assert "我奶奶每个周末都包饺子。" in second and second.count('class="post"') == 2
    assert first.count('class="post"') == 2


def test_an_edit_shows_at_once_although_the_old_post_is_in_memory(member, client_for):
    thread = thread_by(member, title="Sunday dumplings", body="Who makes them by hand?")
    reader = client_for(MemberFactory())
    assert "Who makes them by hand?" in reader.get(thread.get_absolute_url()).content.decode()
    services.edit_post(editor=member, post=thread.posts.get(number=1), body="Pork and chives.")
    page = reader.get(thread.get_absolute_url()).content.decode()
    assert "Pork and chives." in page and "Who makes them by hand?" not in page


def test_the_memory_keeps_the_most_recently_used_up_to_its_limit():
    recent = RecentFragments(limit=10)
    recent.add_many({"a": "aaaa", "b": "bbbb"})
    assert recent.get_many(["a"]) == {"a": "aaaa"}  # now the most recently used
    recent.add_many({"c": "cccc"})  # 12 characters: the least recently used goes
    assert recent.get_many(["a", "b", "c"]) == {"a": "aaaa", "c": "cccc"}
    recent.add_many({"big": "x" * 11})  # larger than the limit: nothing stays
    assert recent.get_many(["a", "c", "big"]) == {}
