"""The pages a member meets when something is refused or away, in both languages and sizes:
a form sent after signing out elsewhere (its token is stale), a page they may not open, and
the database restarting (the 503 page, shown as the site serves it)."""

import pytest
import requests
from playwright.sync_api import expect

from tests.browser.steps import check_page, log_in
from tests.browser.ui_text import t

LANGUAGES = {"en": "en-US", "zh-hans": "zh-CN"}


def forget_own_status(page) -> None:
    """The browser logs the page's own 403 as a console error; anything else still counts."""
    page.console_errors[:] = [
        error for error in page.console_errors if "status of 403 (Forbidden)" not in error
    ]


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_a_stale_form_and_a_refused_page_say_what_happened(
    open_page, live_site, language, viewport
):
    writer, reader = f"errw_{language[:2]}_{viewport}", f"errr_{language[:2]}_{viewport}"
    live_site.create_member(writer, language="en", display_name="Writer")
    live_site.create_member(reader, language=language, display_name="Reader")
    thread_id = (
        live_site.run_python(
            "from accounts.models import Member\nfrom forum import services\n"
            "from forum.models import Category\n"
            f"thread = services.start_thread(author=Member.objects.get(username={writer!r}), "
            "category=Category.objects.get(slug='daily-life'), title='Cats and naps', "
            "body='My cat sleeps all day.', region_code='US')\n"
            "print('thread', thread.pk, thread.posts.get().pk)"
        )
        .split("thread ")[1]
        .split()
    )
    thread, post = int(thread_id[0]), int(thread_id[1])

    page = open_page(language=LANGUAGES[language], viewport=viewport)
    log_in(page, reader, language)

    # A page they may not open: someone else's post to edit. The reason is given.
    page.goto(f"/p/{post}/edit/")
    expect(page.get_by_role("heading", name=t("You can't do that here", language))).to_be_visible()
    expect(page.get_by_text(t("Only the author can edit this post.", language))).to_be_visible()
    forget_own_status(page)
    check_page(page, language, "error-403", viewport)

    # A reply written in one tab after signing out and in again in another: the token is stale.
    page.goto(f"/t/{thread}/")
    page.get_by_label(t("Your reply", language)).fill("Mine too, all day long.")
    other_tab = page.context.new_page()
    other_tab.goto("/")
    other_tab.get_by_label(t("Your account", language)).click()  # the menu
    other_tab.get_by_role("button", name=t("Log out", language)).click()
    log_in(other_tab, reader, language)
    other_tab.close()
    page.get_by_role("button", name=t("Post reply", language)).click()
    expect(page.get_by_role("heading", name=t("This form has expired", language))).to_be_visible()
    forget_own_status(page)
    check_page(page, language, "error-csrf", viewport)
    page.go_back()
    expect(page.get_by_label(t("Your reply", language))).to_have_value("Mine too, all day long.")


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_database_restarting_page(open_page, live_site, language, viewport):
    """The 503 page as the site serves it (tests/faults/test_postgres_restart.py stops a real
    database; here its HTML is fetched from the site's own error handler and shown)."""
    html = live_site.run_python(
        "from django.test import RequestFactory\nfrom django.db import OperationalError\n"
        "from django.utils import translation\nfrom halfway.views import server_error\n"
        f"translation.activate({language!r})\n"
        "try:\n    raise OperationalError('server closed the connection')\n"
        "except OperationalError:\n"
        "    response = server_error(RequestFactory().get('/'))\n"
        "print('STATUS', response.status_code)\n"
        "print(response.content.decode())"
    )
    assert "STATUS 503" in html
    page = open_page(language=LANGUAGES[language], viewport=viewport)
    page.goto("/accounts/login/")  # a page of the site, so the stylesheet loads from it
    failed = []
    page.on("requestfailed", lambda request: failed.append(request.url))
    page.on("response", lambda response: response.status >= 400 and failed.append(response.url))
    page.set_content(html.split("STATUS 503", 1)[1], wait_until="load")
    assert failed == []
    expect(
        page.get_by_role("heading", name=t("Halfway is back in a moment", language))
    ).to_be_visible()
    assert requests.get(live_site.url + "/healthz", timeout=10).status_code == 200
    check_page(page, language, "error-503", viewport)
