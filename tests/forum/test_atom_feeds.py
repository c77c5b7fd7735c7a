"""Atom feeds of the latest threads, a category and a thread: valid Atom, only what a
signed-out visitor sees, titles in their own language with a stored translation beside them."""

import xml.etree.ElementTree as ET

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from forum import services
from forum.models import Thread
from tests.factories import MemberFactory, category, reply_by, thread_by
from translation.models import Translation
from translation.services import source_hash

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def parsed(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    # Raises on anything that is not well-formed XML (the site made it: not untrusted).
    root = ET.fromstring(response.content)  # noqa: S314
    assert root.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated"):
        assert root.find(f"{ATOM}{required}") is not None, required
    return root


def entries(root):
    return [
        {
            "title": entry.findtext(f"{ATOM}title"),
            "link": entry.find(f"{ATOM}link").get("href"),
            "summary": entry.findtext(f"{ATOM}summary") or "",
            "author": entry.findtext(f"{ATOM}author/{ATOM}name"),
        }
        for entry in root.findall(f"{ATOM}entry")
    ]


def stored_title_translation(thread: Thread, target: str, text: str) -> None:
    Translation.objects.create(
        source_hash=source_hash(escape(thread.title)),
        target_language=target,
        source_html=escape(thread.title),
        status=Translation.Status.DONE,
        html=escape(text),
    )


def test_the_latest_feed_lists_public_threads_with_their_opening_posts(member, anonymous):
    shown = thread_by(member, title="Weekend hike", body="Who's in? <script>alert(1)</script>")
    held = thread_by(member, title="Waiting for a moderator")
    Thread.objects.filter(pk=held.pk).update(held_at=timezone.now())
    gone = thread_by(member, title="Deleted by its author")
    Thread.objects.filter(pk=gone.pk).update(deleted_at=timezone.now())

    found = entries(parsed(anonymous.get(reverse("forum:atom-latest"))))
    assert [each["title"] for each in found] == ["Weekend hike"]
    (entry,) = found
    assert entry["link"] == f"http://testserver{shown.get_absolute_url()}"
    assert entry["author"] == "Jess" and "Who's in?" in entry["summary"]
    assert "<script" not in entry["summary"]  # the post's sanitized HTML


def test_titles_stay_in_their_language_with_a_stored_translation_beside_them(member, anonymous):
    breakfast = thread_by(member, title="上海的早餐", body="生煎包和豆浆是最好的早餐。")
    thread_by(member, title="没有翻译的帖子", body="这个标题还没有人翻译过。")
    stored_title_translation(breakfast, "en", "Breakfast in Shanghai")

    english = entries(parsed(anonymous.get(reverse("forum:atom-latest"), {"lang": "en"})))
    titles = {each["title"] for each in english}
    assert titles == {"上海的早餐 (Breakfast in Shanghai)", "没有翻译的帖子"}

    # A Chinese reader's feed needs no translation of Chinese titles.
    chinese = entries(parsed(anonymous.get(reverse("forum:atom-latest"), {"lang": "zh-hans"})))
    assert {each["title"] for each in chinese} == {"上海的早餐", "没有翻译的帖子"}


def test_an_english_title_gets_its_chinese_translation_in_the_chinese_feed(member, anonymous):
    hike = thread_by(member, title="Weekend hike in the hills")
    stored_title_translation(hike, "zh-hans", "周末山间徒步")
    root = parsed(anonymous.get(reverse("forum:atom-latest"), {"lang": "zh-hans"}))
    assert entries(root)[0]["title"] == "Weekend hike in the hills（周末山间徒步）"
    assert root.findtext(f"{ATOM}title") == "Halfway：最新帖子"


def test_a_category_feed_has_only_its_threads(member, anonymous):
    thread_by(member, title="Cat naps", category=category("pets"))
    thread_by(member, title="Dumplings", category=category("food"))
    found = entries(parsed(anonymous.get(reverse("forum:atom-category", args=["pets"]))))
    assert [each["title"] for each in found] == ["Cat naps"]
    assert anonymous.get(reverse("forum:atom-category", args=["no-such"])).status_code == 404


def test_a_thread_feed_has_its_visible_posts_newest_first(member, other_member, anonymous):
    thread = thread_by(member, title="Tea")
    reply_by(other_member, thread, body="乌龙茶！")
    hidden = reply_by(MemberFactory(), thread, body="Something a moderator hid")
    services.delete_post(author=hidden.author, post=hidden)

    root = parsed(anonymous.get(reverse("forum:atom-thread", args=[thread.pk])))
    found = entries(root)
    assert [each["author"] for each in found] == ["小蓝", "Jess"]
    assert found[0]["title"] == "小蓝 in Tea" and "乌龙茶" in found[0]["summary"]
    assert not any("moderator hid" in each["summary"] for each in found)


@pytest.mark.parametrize("thread_id", ["999999", "9" * 40])
def test_a_thread_feed_of_no_thread_is_a_404(anonymous, thread_id):
    assert anonymous.get(f"/atom/t/{thread_id}/").status_code == 404


def test_a_held_threads_feed_is_a_404(member, anonymous):
    thread = thread_by(member)
    Thread.objects.filter(pk=thread.pk).update(held_at=timezone.now())
    assert anonymous.get(reverse("forum:atom-thread", args=[thread.pk])).status_code == 404


def test_the_feeds_run_the_same_queries_at_3_and_30_threads(member, anonymous):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            anonymous.get(reverse("forum:atom-latest"))
        return len(captured)

    for number in range(3):
        thread_by(member, title=f"Thread {number}")
    few = queries()
    for number in range(27):
        thread_by(member, title=f"More {number}")
    assert queries() == few


def test_pages_name_their_feeds_for_feed_readers(member, anonymous):
    thread = thread_by(member, title="Tea", category=category("food"))
    home = anonymous.get("/").content.decode()
    assert f'href="{reverse("forum:atom-latest")}?lang=en"' in home
    page = anonymous.get(thread.get_absolute_url()).content.decode()
    assert f'href="{reverse("forum:atom-thread", args=[thread.pk])}?lang=en"' in page
    listing = anonymous.get(reverse("forum:category", args=["food"])).content.decode()
    assert f'href="{reverse("forum:atom-category", args=["food"])}?lang=en"' in listing
