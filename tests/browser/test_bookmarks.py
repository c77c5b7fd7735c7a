"""A member keeps a thread with a reminder and finds it on their Bookmarks page, then lets it
go. English on a phone, Chinese on desktop."""

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
    title={title!r}, body="Soak the rice overnight, then steam it in bamboo leaves.",
    region_code="CN",
)
print(thread.pk)
"""
LOCALES = {"en": "en-US", "zh-hans": "zh-CN"}


@pytest.mark.parametrize(("language", "viewport"), [("en", "phone"), ("zh-hans", "desktop")])
def test_a_member_keeps_a_thread_with_a_reminder(open_page, live_site, language, viewport):
    suffix = f"{language[:2]}{viewport[0]}"
    reader, author = f"keep_me_{suffix}", f"keep_au_{suffix}"
    live_site.create_member(reader, language=language, display_name="Sam")
    live_site.create_member(author, language="zh-hans", display_name="老王")
    title = f"Zongzi for the Dragon Boat Festival {suffix}"
    thread_id = int(
        live_site.run_python(THREAD.format(author=author, title=title)).strip().splitlines()[-1]
    )

    page = open_page(language=LOCALES[language], viewport=viewport)
    log_in(page, reader, language)
    page.goto(f"/t/{thread_id}/")
    page.locator(".thread-actions").get_by_role("link", name=t("Bookmark", language)).click()
    expect(page.get_by_role("heading", name=t("Bookmark this thread", language))).to_be_visible()
    page.get_by_label(t("In an hour", language)).check()
    check_page(page, language, "bookmark-form", viewport)
    page.get_by_role("button", name=t("Bookmark", language), exact=True).click()
    done = t("Bookmarked. Find it under Bookmarks in your menu.", language)
    expect(page.get_by_text(done)).to_be_visible()
    assert page.url.endswith(f"/t/{thread_id}/")  # back where they were

    page.get_by_label(t("Your account", language)).click()
    page.get_by_role("link", name=t("Bookmarks", language), exact=True).click()
    kept = page.locator(".bookmark").filter(has_text=title)
    expect(kept).to_contain_text("⏰")
    check_page(page, language, "bookmarks", viewport)

    kept.get_by_role("button", name=t("Remove", language)).click()
    expect(page.get_by_text(t("Bookmark removed.", language))).to_be_visible()
    expect(page.locator(".bookmark")).to_have_count(0)
