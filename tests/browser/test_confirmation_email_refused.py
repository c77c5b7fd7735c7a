"""A newcomer signs up while the broker refuses the confirmation email: the sign-in page says
so in their language, in both sizes (tests/accounts/test_confirmation_email.py has the rule)."""

import signal
import time

import pytest
import requests
from playwright.sync_api import expect

from tests.browser.conftest import free_port, web_process
from tests.browser.steps import check_page
from tests.browser.ui_text import t

LANGUAGES = {"en": "en-US", "zh-hans": "zh-CN"}
PASSWORD = "a long and unusual passphrase 42"


@pytest.fixture
def site_without_broker(live_site):
    """A web process of the same site whose broker address has nothing listening (Redis
    down): every email it queues is refused."""
    port = free_port()
    process = web_process(port, {**live_site.env, "CELERY_BROKER_URL": "redis://127.0.0.1:1/0"})
    url = f"http://127.0.0.1:{port}"
    try:
        # Its /healthz rightly says the broker is away: wait for a page instead.
        deadline = time.monotonic() + 60
        while True:
            assert process.poll() is None, "the web process exited"
            try:
                if requests.get(url + "/accounts/login/", timeout=5).status_code == 200:
                    break
            except requests.ConnectionError:
                assert time.monotonic() < deadline, "the web process did not start"
                time.sleep(0.2)
        yield url
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=15)


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_a_refused_confirmation_email_is_said_on_the_sign_in_page(
    open_page, site_without_broker, language, viewport
):
    page = open_page(language=LANGUAGES[language], viewport=viewport)
    username = f"refused_{language[:2]}_{viewport}"
    page.goto(f"{site_without_broker}/accounts/signup/")
    page.get_by_label(t("Username", language), exact=True).fill(username)
    page.get_by_label(t("Email", language), exact=True).fill(f"{username}@example.com")
    page.get_by_label(t("Password", language), exact=True).fill(PASSWORD)
    page.get_by_label(t("Password (again)", language), exact=True).fill(PASSWORD)
    page.get_by_role("button", name=t("Sign Up", language)).click()

    expect(page.get_by_role("heading", name=t("Sign In", language))).to_be_visible()
    expect(
        page.get_by_text(
            t(
                "We could not send the confirmation email just now. Please sign in again "
                "in a few minutes and we will send it then.",
                language,
            )
        )
    ).to_be_visible()
    check_page(page, language, "sign-in-email-refused", viewport)
