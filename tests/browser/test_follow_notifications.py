"""A long-time member asks to hear when someone from a region introduces themselves, and when
a newcomer from there does, their bell rings on the open page and the notification names the
region in their language. Chinese on desktop, English on a phone."""

import pytest
from playwright.sync_api import expect

from tests.browser.steps import check_page, log_in
from tests.browser.ui_text import t

INTRODUCE = """
from accounts.models import Member
from forum import services
services.post_introduction(
    member=Member.objects.get(username={newcomer!r}), title={title!r},
    who_i_am="Teacher from Ohio, learning Chinese.", where_from="Columbus, Ohio",
    hope_to_learn="", languages_spoken=["en"], languages_learning=["zh"], interests=[],
    region_code="US",
)
"""
LOCALES = {"en": "en-US", "zh-hans": "zh-CN"}


@pytest.mark.parametrize(("language", "viewport"), [("zh-hans", "desktop"), ("en", "phone")])
def test_a_member_hears_of_a_newcomer_from_a_region_they_follow(
    open_page, live_site, language, viewport
):
    suffix = f"{language[:2]}{viewport[0]}"
    reader, newcomer = f"regions_me_{suffix}", f"regions_new_{suffix}"
    live_site.create_member(reader, language=language, display_name="老李")
    live_site.create_member(newcomer, display_name=f"Dana {suffix}")
    # An earlier newcomer from the US, so the region is among those members write from.
    live_site.create_member(f"regions_early_{suffix}")
    live_site.run_python(INTRODUCE.format(newcomer=f"regions_early_{suffix}", title="Hi!"))

    page = open_page(language=LOCALES[language], viewport=viewport)
    log_in(page, reader, language)
    page.goto("/notifications/")
    page.get_by_role("link", name=t("Notification settings", language)).click()
    page.get_by_label(t("Once a day, gathered", language)).check()
    united_states = "美国" if language == "zh-hans" else "United States"
    page.get_by_label(united_states, exact=True).check()
    check_page(page, language, "notification-settings", viewport)
    page.get_by_role("button", name=t("Save", language), exact=True).click()
    expect(page.get_by_text(t("Your notification settings are saved.", language))).to_be_visible()

    # Back to every notification as it happens; the region stays chosen.
    page.get_by_role("link", name=t("Notification settings", language)).click()
    expect(page.get_by_label(united_states, exact=True)).to_be_checked()
    page.get_by_label(t("As it happens", language)).check()
    page.get_by_role("button", name=t("Save", language), exact=True).click()

    # The newcomer introduces themselves from the US while the page is open: the bell rings.
    title = f"Hello from Ohio {suffix}"
    live_site.run_python(INTRODUCE.format(newcomer=newcomer, title=title))
    badge = page.locator("#notification-badge")
    expect(badge).to_be_visible(timeout=20_000)
    expect(badge).to_contain_text("1")

    page.get_by_role("link", name=t("Notifications", language)).first.click()
    notice = page.locator(".notification").first
    expect(notice).to_contain_text(united_states)
    expect(notice).to_contain_text(f"Dana {suffix}")
    check_page(page, language, "notifications-arrival", viewport)
    notice.get_by_role("link").last.click()
    expect(page.get_by_role("heading", name=title)).to_be_visible()
