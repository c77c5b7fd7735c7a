"""A member reads a thread, replies come while they are away, and the home feed says how many
they have not read; a tap opens the thread at the first of them. English on a phone, Chinese
on desktop."""

import pytest
from playwright.sync_api import expect

from tests.browser.steps import check_page, log_in
from tests.browser.ui_text import t

THREAD = """
from accounts.models import Member
from forum import services
from forum.models import Category
thread = services.start_thread(
    author=Member.objects.get(username={author!r}), category=Category.objects.get(slug="food"),
    title={title!r}, body="Which street has the best breakfast?", region_code="CN",
)
print(thread.pk)
"""
REPLIES = """
from accounts.models import Member
from forum import services
from forum.models import Thread
thread = Thread.objects.get(pk={thread_id})
for body in ["Try the jianbing on the corner.", "豆浆油条，永远的经典。"]:
    services.add_reply(
        author=Member.objects.get(username={author!r}), thread=thread, body=body,
        region_code="CN",
    )
"""
LOCALES = {"en": "en-US", "zh-hans": "zh-CN"}


@pytest.mark.parametrize(("language", "viewport"), [("en", "phone"), ("zh-hans", "desktop")])
def test_the_feed_counts_unread_replies_and_opens_at_the_first(
    open_page, live_site, language, viewport
):
    suffix = f"{language[:2]}{viewport[0]}"
    reader, author = f"unread_me_{suffix}", f"unread_au_{suffix}"
    live_site.create_member(reader, language=language, display_name="Sam")
    live_site.create_member(author, language="zh-hans", display_name="老王")
    title = f"Breakfast streets {suffix}"
    thread_id = int(
        live_site.run_python(THREAD.format(author=author, title=title)).strip().splitlines()[-1]
    )

    page = open_page(language=LOCALES[language], viewport=viewport)
    log_in(page, reader, language)
    page.get_by_role("link", name=title).click()
    expect(page.locator("#post-1")).to_be_visible()

    live_site.run_python(REPLIES.format(thread_id=thread_id, author=author))
    page.goto("/")
    row = page.locator(".thread-row").filter(has_text=title)
    badge = row.locator(".badge-unread")
    unread = "2 unread" if language == "en" else "2 条未读"
    expect(badge).to_have_text(unread)
    check_page(page, language, "feed-unread", viewport)

    badge.click()
    expect(page).to_have_url(f"{live_site.url}/t/{thread_id}/#post-2")
    expect(page.locator("#post-2")).to_be_in_viewport()

    page.goto("/")
    expect(row.locator(".badge-unread")).to_have_count(0)
    expect(page.get_by_role("button", name=t("Mark all read", language))).to_have_count(0)
