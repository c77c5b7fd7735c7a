"""A member starts a reply on one device and finishes it on another: the draft is kept as
they pause, waits in the box elsewhere, and is gone once the reply is posted. In Chinese, on a
phone and then on a computer (two browser contexts, two sessions)."""

from playwright.sync_api import expect

from tests.browser.steps import check_page, log_in
from tests.browser.ui_text import t

THREAD = """
from accounts.models import Member
from forum import services
from forum.models import Category
thread = services.start_thread(
    author=Member.objects.get(username="draft_author"), category=Category.objects.get(slug="food"),
    title="Best street food in Xi'an", body="Roujiamo or biangbiang noodles?", region_code="CN",
)
print(thread.pk)
"""


def test_a_reply_started_on_a_phone_is_finished_on_a_computer(open_page, live_site):
    live_site.create_member("draft_me", language="zh-hans", display_name="阿明")
    live_site.create_member("draft_author", display_name="Ana")
    thread_id = int(live_site.run_python(THREAD).strip().splitlines()[-1])
    text = "肉夹馍！我最喜欢回民街那家。"

    phone = open_page(language="zh-CN", viewport="phone")
    log_in(phone, "draft_me", "zh-hans")
    phone.goto(f"/t/{thread_id}/")
    box = phone.get_by_role("textbox", name=t("Your reply", "zh-hans"))
    box.press_sequentially(text, delay=20)
    expect(phone.locator("#reply [data-draft-status]")).to_have_text(t("Draft saved", "zh-hans"))
    check_page(phone, "zh-hans", "reply-draft", "phone")

    computer = open_page(language="zh-CN")
    log_in(computer, "draft_me", "zh-hans")
    computer.goto(f"/t/{thread_id}/")
    computer_box = computer.get_by_role("textbox", name=t("Your reply", "zh-hans"))
    expect(computer_box).to_have_value(text)
    computer_box.press("End")
    computer_box.press_sequentially(" 你呢？", delay=20)
    computer.get_by_role("button", name=t("Post reply", "zh-hans")).click()
    expect(computer.locator("#post-2")).to_contain_text("回民街那家。 你呢？")

    phone.reload()
    expect(phone.get_by_role("textbox", name=t("Your reply", "zh-hans"))).to_have_value("")
