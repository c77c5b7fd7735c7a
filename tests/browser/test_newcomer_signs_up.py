"""A newcomer signs up, confirms the email, switches to Chinese and reads a Chinese interface."""

import re

from playwright.sync_api import expect

from tests.browser.conftest import screenshot
from tests.browser.ui_text import english_words_in_interface, t

PASSWORD = "a long and unusual passphrase 42"


def test_a_newcomer_signs_up_verifies_and_switches_the_whole_ui_to_chinese(open_page, live_site):
    page = open_page(language="en-US")
    page.goto("/")
    page.get_by_role("link", name=t("Join", "en"), exact=True).click()

    expect(page.get_by_role("heading", name=t("Sign Up", "en"))).to_be_visible()
    screenshot(page, "sign-up-en-desktop")
    page.get_by_label(t("Username", "en"), exact=True).fill("tex_nurse")
    page.get_by_label(t("Email", "en"), exact=True).fill("jess@example.com")
    page.get_by_label(t("Password", "en"), exact=True).fill(PASSWORD)
    page.get_by_label(t("Password (again)", "en"), exact=True).fill(PASSWORD)
    page.get_by_role("button", name=t("Sign Up", "en")).click()
    expect(page.get_by_role("heading", name=t("Verify Your Email Address", "en"))).to_be_visible()

    # The confirmation email, delivered by the worker through the file backend.
    email = live_site.wait_for_email("jess@example.com")
    link = re.search(r"http://\S+/accounts/confirm-email/\S+/", email).group(0)
    page.goto(link)
    page.get_by_role("button", name=t("Confirm", "en")).click()

    # Signed in: the account menu leads to the settings.
    page.get_by_label(t("Your account", "en")).click()
    page.get_by_role("link", name=t("Settings", "en"), exact=True).click()
    page.get_by_label(t("Interface language", "en")).select_option("zh-hans")
    page.get_by_role("button", name=t("Save language", "en")).click()

    expect(page.get_by_role("heading", name=t("Settings", "zh-hans"), level=1)).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "zh-Hans")
    assert english_words_in_interface(page) == []

    for path in ("/", "/members/tex_nurse/"):
        page.goto(path)
        assert english_words_in_interface(page) == []

    # The setting belongs to the member: a new browser with an English cookie still gets Chinese.
    other = open_page(language="en-US")
    other.goto("/accounts/login/")
    other.get_by_label(t("Username or email", "en")).fill("jess@example.com")
    other.get_by_label(t("Password", "en"), exact=True).fill(PASSWORD)
    other.get_by_role("button", name=t("Sign In", "en")).click()
    expect(other.locator("html")).to_have_attribute("lang", "zh-Hans")
