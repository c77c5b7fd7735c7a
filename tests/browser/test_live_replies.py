"""Two members read the same thread, each through another web process (as `docker compose
up --scale web=2` runs them). A reply by one shows the other a bar, "1 new reply", in their
language; a tap puts it in place without a reload. The writer's own reply shows at once, and
no bar. Chinese on a phone for the reader, English on desktop for the writer."""

from playwright.sync_api import expect

from tests.browser.steps import check_page, log_in
from tests.browser.ui_text import t

THREAD = """
from accounts.models import Member
from forum import services
from forum.models import Category
thread = services.start_thread(
    author=Member.objects.get(username="live_ana"), category=Category.objects.get(slug="food"),
    title="Hand-pulled noodles at home", body="Who has tried making lamian?", region_code="US",
)
print(thread.pk)
"""


def test_a_reply_appears_live_for_a_reader_on_another_process(open_page, live_site):
    live_site.create_member("live_ana", display_name="Ana")
    live_site.create_member("live_mei", language="zh-hans", display_name="小梅")
    thread_id = int(live_site.run_python(THREAD).strip().splitlines()[-1])
    other_process = live_site.another_web_process()

    mei = open_page(language="zh-CN", viewport="phone")  # reads through the other process
    log_in(mei, "live_mei", "zh-hans", site=other_process)
    mei.goto(f"{other_process}/t/{thread_id}/")
    ana = open_page()
    log_in(ana, "live_ana")
    ana.goto(f"/t/{thread_id}/")
    for page in (mei, ana):
        expect(page.locator(".post-list")).to_have_attribute("data-live", "watching")

    ana.get_by_role("textbox", name=t("Your reply")).fill(
        "The trick is letting the dough rest for an hour."
    )
    ana.get_by_role("button", name=t("Post reply")).click()
    # Her own reply is on her page at once, and no bar offers it again.
    expect(ana.locator("#post-2")).to_contain_text("letting the dough rest")
    expect(ana.locator(".new-replies-button")).to_be_hidden()

    bar = mei.locator(".new-replies-button")
    expect(bar).to_have_text("1 条新回复")
    expect(mei.locator("#post-2")).to_have_count(0)
    check_page(mei, "zh-hans", "thread-new-replies", "phone")
    url_before = mei.url
    bar.click()
    expect(mei.locator("#post-2")).to_contain_text("letting the dough rest")
    expect(bar).to_be_hidden()
    assert mei.url == url_before  # in place, no reload
    expect(mei.locator("#post-2")).to_be_focused()
    # The reply's reactions work like any other's (htmx took in the new HTML).
    mei.locator("#post-2 button[name=kind]").first.click()
    expect(mei.locator("#post-2 [aria-pressed='true']")).to_have_count(1)
