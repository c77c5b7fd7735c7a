"""Forms in cached HTML (a post's reactions and Translate button) carry no CSRF token of their
own (forum/fragments.py): htmx sends the page's token as a header, and a form sent before htmx
has loaded gets it from static/js/forms.js. Both reach the site, neither is refused."""

from playwright.sync_api import expect

from tests.browser.conftest import screenshot
from tests.browser.steps import log_in, open_thread


def test_a_reaction_goes_through_with_htmx_and_before_it_loads(open_page, live_site):
    live_site.create_member("writer_cf")
    live_site.create_member("reader_cf")
    live_site.run_python(
        "from accounts.models import Member\n"
        "from forum.models import Category\n"
        "from forum import services\n"
        "services.start_thread(author=Member.objects.get(username='writer_cf'), "
        "category=Category.objects.exclude(slug='introductions').first(), "
        "title='Cached forms and their token', body='Tap a reaction.', region_code='US')\n"
    )
    page = open_page(viewport="phone")
    log_in(page, "reader_cf")
    open_thread(page, "Cached forms and their token")
    reactions = page.locator("form.reactions").first
    expect(reactions.locator("input[name=csrfmiddlewaretoken]")).to_have_count(0)
    reactions.get_by_role("button", name="Love: 0").click()  # htmx: the header
    expect(reactions.get_by_role("button", name="Love: 1")).to_have_attribute(
        "aria-pressed", "true"
    )

    # The same page before htmx has loaded: the browser sends the form itself.
    page.route("**/htmx-*.js", lambda route: route.abort())
    page.reload()
    assert page.evaluate("typeof window.htmx") == "undefined"
    page.locator("form.reactions").first.get_by_role("button", name="Hug: 0").click()
    page.wait_for_load_state()
    expect(
        page.locator("form.reactions").first.get_by_role("button", name="Hug: 1")
    ).to_have_attribute("aria-pressed", "true")
    screenshot(page, "cached-forms-without-htmx-en-phone")
    # Only the script this test kept from loading.
    assert all("ERR_FAILED" in each for each in page.console_errors), page.console_errors
