"""The pages a member meets when something is refused or away, in both languages and sizes:
a form sent after signing out elsewhere (its token is stale), a page they may not open, an
address the site cannot read, a page number past the end of a list, a photo too large to
accept, and the database restarting (the 503 page, shown as the site serves it)."""

import re

import pytest
import requests
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils import translation
from playwright.sync_api import expect

from tests.browser.steps import check_page, log_in
from tests.browser.ui_text import t

LANGUAGES = {"en": "en-US", "zh-hans": "zh-CN"}


def forget_own_status(page, status: str = "403 (Forbidden)") -> None:
    """The browser logs the page's own error status as a console error; anything else still
    counts."""
    page.console_errors[:] = [
        error for error in page.console_errors if f"status of {status}" not in error
    ]


def expect_a_way_home(page, language: str) -> None:
    """The page offers the way back, and it leads home."""
    page.get_by_role("link", name=t("Back to the home page", language)).click()
    expect(page).to_have_url(re.compile(r"^http://[^/]+/$"))


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
    # The draft is kept before the other tab signs out and in (its save, in flight across
    # that, would meet a sign-in page that sends the signed-in member back to it).
    expect(page.get_by_text(t("Draft saved", language))).to_be_visible()
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


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_an_unreadable_address_a_page_past_the_end_and_a_photo_too_large(
    open_page, live_site, language, viewport, tmp_path
):
    member = f"err4_{language[:2]}_{viewport}"
    live_site.create_member(member, language=language, display_name="Reader")
    page = open_page(language=LANGUAGES[language], viewport=viewport)
    log_in(page, member, language)

    # A NUL character in the address (a mangled link): 400, said in the reader's language.
    page.goto("/members/%00/")
    expect(
        page.get_by_role("heading", name=t("We could not understand that request", language))
    ).to_be_visible()
    forget_own_status(page, "400 (Bad Request)")
    check_page(page, language, "error-400", viewport)
    expect_a_way_home(page, language)

    # A page number past the end of any list: the site's 404, not a 500.
    page.goto("/search/?q=tofu&page=9223372036854775807")
    expect(
        page.get_by_role("heading", name=t("We could not find that page", language))
    ).to_be_visible()
    forget_own_status(page, "404 (Not Found)")
    check_page(page, language, "error-404-page-number", viewport)
    expect_a_way_home(page, language)

    # A photo larger than the avatar form accepts (its fields plus one file): refused before
    # the site reads it, with the limit named.
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE + settings.MAX_UPLOAD_BYTES
    photo = tmp_path / "huge.jpg"
    photo.write_bytes(b"\xff" * (limit + 1024 * 1024))
    page.goto("/settings/#photo")
    # The page's script refuses such a file at once (tests/browser/test_photo_previews.py);
    # a browser without it sends it, and the site still refuses it.
    page.locator("input[type=file][data-photos]").evaluate("input => delete input.dataset.photos")
    page.get_by_label(t("New photo", language)).set_input_files(str(photo))
    page.get_by_role("button", name=t("Upload photo", language)).click()
    expect(
        page.get_by_role("heading", name=t("What you sent is too large", language))
    ).to_be_visible()
    with translation.override(language):
        accepted = translation.gettext(
            "This page accepts at most %(limit)s at once. Go back and send smaller or fewer photos."
        ) % {"limit": filesizeformat(limit)}
    expect(page.get_by_text(accepted)).to_be_visible()
    forget_own_status(page, "413 (Request Entity Too Large)")
    check_page(page, language, "error-413", viewport)
    expect_a_way_home(page, language)
