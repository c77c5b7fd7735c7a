"""The site works from the keyboard: a skip link first, visible focus, the menus open."""

from playwright.sync_api import expect

from tests.browser.ui_text import t


def test_a_keyboard_user_skips_to_the_content_and_switches_language(open_page):
    page = open_page()
    page.goto("/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name=t("Skip to content"))
    expect(skip).to_be_focused()
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()

    # From the top of a fresh page, the header's controls come next: brand, Home,
    # Introductions, search, EN, 中文.
    page.goto("/")
    chinese = page.get_by_role("button", name="中文")
    for _ in range(8):
        page.keyboard.press("Tab")
        if chinese.evaluate("element => element === document.activeElement"):
            break
    expect(chinese).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("html")).to_have_attribute("lang", "zh-Hans")
    expect(page.get_by_role("button", name="中文")).to_have_attribute("aria-pressed", "true")
