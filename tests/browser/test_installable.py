"""Halfway on a phone's home screen: Chromium finds the app installable (its manifest, icons
and service worker), and a page opened without a connection shows the offline page, in both
languages, instead of the browser's error; back online, "Try again" opens the page."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.browser.conftest import screenshot
from tests.browser.test_accessibility import BLOCKING, WCAG_A_AA

LANGUAGES = {"en": "en-US", "zh-hans": "zh-CN"}


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_installable_and_an_offline_page_when_the_connection_is_gone(open_page, language, viewport):
    page = open_page(language=LANGUAGES[language], viewport=viewport)
    page.goto("/")
    worker = page.evaluate("async () => (await navigator.serviceWorker.ready).active.scriptURL")
    assert worker.endswith("/sw.js")
    session = page.context.new_cdp_session(page)
    errors = session.send("Page.getInstallabilityErrors")["installabilityErrors"]
    # Playwright's contexts are incognito, where Chromium never installs; nothing else stops it
    # (no manifest, no suitable icon, a wrong start_url or display would each be named here).
    assert [error["errorId"] for error in errors] == ["in-incognito"]

    page.context.set_offline(True)
    page.goto("/introductions/")
    expect(page.get_by_role("heading", level=1)).to_have_text("You are offline")
    expect(page.get_by_role("heading", level=2)).to_have_text("你现在处于离线状态")
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    assert page.console_errors == []
    violations = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_A_AA}})
    assert [v["id"] for v in violations.response["violations"] if v["impact"] in BLOCKING] == []
    screenshot(page, f"offline-{language[:2]}-{viewport}")

    page.context.set_offline(False)
    page.get_by_role("link", name="Try again · 重试").click()
    expect(page).to_have_url(f"{page.url.split('/introductions/')[0]}/introductions/")
    expect(page.locator("main#main")).to_be_visible()
