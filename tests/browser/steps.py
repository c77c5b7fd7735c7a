"""What a member does again and again in the browser tests, and what every page must pass."""

from playwright.sync_api import expect

from tests.browser.conftest import PASSWORD, screenshot
from tests.browser.ui_text import english_words_in_interface, t


def log_in(
    page, username: str, language: str = "en", password: str = PASSWORD, site: str = ""
) -> None:
    """Sign in through the form (on `site`, another web process, when given)."""
    page.goto(f"{site}/accounts/login/")
    page.get_by_label(t("Username or email", language)).fill(username)
    page.get_by_label(t("Password", language), exact=True).fill(password)
    page.get_by_role("button", name=t("Sign In", language)).click()
    expect(page.get_by_label(t("Your account", language))).to_be_visible()


def open_thread(page, title: str) -> None:
    page.goto("/")
    page.get_by_role("link", name=title).click()


def block_from_profile(page, username: str, language: str = "en", screenshot_as: str = "") -> None:
    """Block a member as a member does: their profile's ⋯ menu, Block, then the question
    page's Block (checked and kept as `screenshot_as` on the way, when given)."""
    page.goto(f"/members/{username}/")
    page.locator("summary", has_text=t("More actions", language)).click()
    page.get_by_role("link", name=t("Block", language), exact=True).click()
    expect(page.get_by_text(t("If you block them:", language))).to_be_visible()
    if screenshot_as:
        viewport = "phone" if page.viewport_size["width"] < 700 else "desktop"
        check_page(page, language, screenshot_as, viewport)
    page.get_by_role("button", name=t("Block", language), exact=True).click()
    done = t("Blocked. They can no longer message you.", language)
    expect(page.get_by_text(done)).to_be_visible()


# What sticks out past the right edge, leaving out what a scrolling row (overflow: auto) holds.
TOO_WIDE = """
() => [...document.querySelectorAll("body *")]
  .filter((element) => element.getBoundingClientRect().right > window.innerWidth + 1)
  .filter((element) => {
    if (["absolute", "fixed"].includes(getComputedStyle(element).position)) return true;
    for (let up = element.parentElement; up; up = up.parentElement) {
      if (getComputedStyle(up).overflowX !== "visible") return false;
    }
    return true;
  })
  .slice(0, 4)
  .map((element) => element.outerHTML.slice(0, 160))
"""

UNLABELLED_CONTROLS = """
() => [...document.querySelectorAll("input:not([type=hidden]), select, textarea, button")]
  .filter((control) => !(control.labels && control.labels.length)
    && !control.getAttribute("aria-label") && !control.textContent.trim())
  .map((control) => control.outerHTML.slice(0, 80))
"""


def check_page(page, language: str, name: str, viewport: str) -> None:
    """No script errors, every control labelled, nothing wider than the screen, no English
    left in a Chinese interface; then a screenshot to look at."""
    assert page.console_errors == [], f"{name}: {page.console_errors}"
    assert page.evaluate(UNLABELLED_CONTROLS) == [], f"{name} has controls without a label"
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, (
        f"{name} is {overflow}px wider than the {viewport} screen: {page.evaluate(TOO_WIDE)}"
    )
    if language == "zh-hans":
        leftover = english_words_in_interface(page)
        assert leftover == [], f"{name}: English in the Chinese interface: {leftover}"
    short = "zh" if language == "zh-hans" else "en"
    screenshot(page, f"{name}-{short}-{viewport}")
