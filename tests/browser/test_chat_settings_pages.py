"""The chat pages around conversations: privacy (who may message me, unblock), a new group,
a first message — in both languages, desktop and phone."""

import pytest
from playwright.sync_api import expect

from tests.browser.steps import block_from_profile, check_page, log_in
from tests.browser.ui_text import t

LANGUAGES = {"en": "en-US", "zh-hans": "zh-CN"}


@pytest.mark.parametrize(("language", "viewport"), [("en", "desktop"), ("zh-hans", "phone")])
def test_privacy_new_group_and_first_message_pages(open_page, live_site, language, viewport):
    me, other = f"priv_{viewport}", f"blocked_{viewport}"
    live_site.create_member(me, language=language, display_name="Mei Lin")
    live_site.create_member(other, display_name="Noisy Ned")
    page = open_page(language=LANGUAGES[language], viewport=viewport)
    log_in(page, me, language)

    # Block from the profile, then unblock from the privacy page.
    block_from_profile(page, other, language)
    page.goto("/chat/privacy/")
    expect(page.get_by_text("Noisy Ned")).to_be_visible()
    page.get_by_label(t("Only members I follow", language)).check()
    page.get_by_role("button", name=t("Save", language)).click()
    expect(page.get_by_label(t("Only members I follow", language))).to_be_checked()
    check_page(page, language, "chat-privacy", viewport)
    page.get_by_role("button", name=t("Unblock", language)).click()
    expect(page.get_by_text(t("You have not blocked anyone.", language))).to_be_visible()

    # A new group: a name that is nobody's gets a clear error, and what was typed stays.
    page.goto("/chat/new-group/")
    page.get_by_label(t("Group title", language)).fill("Dumpling club 饺子俱乐部")
    page.get_by_label(t("Members", language)).fill(f"{other}, xq_7731")
    page.get_by_role("button", name=t("Create group", language)).click()
    expect(page.get_by_text("xq_7731", exact=False).first).to_be_visible()
    expect(page.get_by_label(t("Group title", language))).to_have_value("Dumpling club 饺子俱乐部")
    check_page(page, language, "chat-new-group", viewport)
    page.get_by_label(t("Members", language)).fill(other)
    page.get_by_role("button", name=t("Create group", language)).click()
    expect(page.locator("#message-list")).to_be_visible()
    expect(page.get_by_role("heading", name="Dumpling club 饺子俱乐部")).to_be_visible()

    # The first-message page.
    page.goto(f"/chat/with/{other}/")
    check_page(page, language, "chat-first-message", viewport)
