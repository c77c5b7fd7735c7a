"""Translate, in place: the worker's result arrives over the socket without a reload; with the
socket gone, one follow-up request brings it; "Show original" flips back without a request."""

from playwright.sync_api import expect

from tests.browser.conftest import screenshot
from tests.browser.steps import log_in, open_thread
from tests.browser.ui_text import t

CHINESE_THREAD = """
from accounts.models import Member
from forum import services
from forum.models import Category
author = Member.objects.get(username={author!r})
services.start_thread(
    author=author, category=Category.objects.get(slug="food"), title={title!r},
    body={body!r}, region_code="CN",
)
"""


def test_a_translation_arrives_over_the_socket_and_toggles_back(open_page, live_site, deepl_server):
    live_site.create_member("laowang_t", language="zh-hans", display_name="老王")
    live_site.create_member("marcus_t", display_name="Marcus")
    live_site.run_python(
        CHINESE_THREAD.format(
            author="laowang_t",
            title="麻婆豆腐怎么做",
            body="老王的秘方：关键是**郫县豆瓣**和花椒。",
        )
    )
    deepl_server.behaviour.delay_seconds = 0.3  # a little like the real thing
    page = open_page()
    log_in(page, "marcus_t")
    open_thread(page, "麻婆豆腐怎么做")
    expect(page.locator("body")).to_have_attribute("data-realtime", "open")
    url = page.url

    # Count what the socket brings, to tell it from the follow-up request made after 8 s.
    page.evaluate(
        "window.socketTranslations = 0;"
        "document.addEventListener('halfway:translation.ready',"
        " () => { window.socketTranslations += 1; });"
    )
    page.locator("#post-1").get_by_role("button", name=t("Translate"), exact=True).click()
    block = page.locator("#post-1-translation")
    expect(block).to_have_attribute("data-translation-state", "done", timeout=15000)
    assert page.evaluate("window.socketTranslations") == 1
    expect(block.locator(".translation-text")).to_contain_text("[EN-US]")
    expect(block).to_contain_text("Translated from Chinese")
    expect(page.locator("#post-1 [data-original]")).to_be_hidden()
    assert page.url == url  # no navigation, no reload
    screenshot(page, "thread-translated-en-desktop")

    toggle = block.get_by_role("button", name=t("Show original"))
    toggle.click()
    expect(page.locator("#post-1 [data-original]")).to_be_visible()
    expect(block.locator(".translation-text")).to_be_hidden()
    block.get_by_role("button", name=t("Show translation")).click()
    expect(block.locator(".translation-text")).to_be_visible()
    assert len([r for r in deepl_server.translate_requests if "老王的秘方" in str(r)]) == 1


def test_without_the_socket_one_follow_up_request_brings_the_translation(
    open_page, live_site, deepl_server
):
    live_site.create_member("xiaomei_t", language="zh-hans", display_name="小美")
    live_site.create_member("amelia_t", display_name="Amelia")
    live_site.run_python(
        CHINESE_THREAD.format(author="xiaomei_t", title="普洱怎么泡", body="先洗茶，再泡三十秒。")
    )
    page = open_page()
    page.route_web_socket("**/ws/", lambda socket: socket.close())  # the socket is down
    log_in(page, "amelia_t")
    open_thread(page, "普洱怎么泡")
    expect(page.locator("body")).to_have_attribute("data-realtime", "closed")
    page.locator("#post-1").get_by_role("button", name=t("Translate"), exact=True).click()
    block = page.locator("#post-1-translation")
    expect(block).to_have_attribute("data-translation-state", "pending")
    expect(block).to_have_attribute("data-translation-state", "done", timeout=15000)
    expect(block.locator(".translation-text")).to_contain_text("[EN-US]")


def test_a_member_who_always_reads_in_their_language_gets_whole_pages_translated(
    open_page, live_site
):
    live_site.create_member("ahmao_t", language="zh-hans", display_name="阿毛")
    live_site.create_member("liam_t", display_name="Liam")
    live_site.run_python(
        CHINESE_THREAD.format(author="ahmao_t", title="周末爬山", body="这周末去爬山，谁一起？")
    )
    page = open_page()
    log_in(page, "liam_t")
    page.goto("/settings/#language")
    page.get_by_label(t("Always show posts in my language")).check()
    page.get_by_role("button", name=t("Save reading setting")).click()
    open_thread(page, "周末爬山")
    # No click: the title and the post arrive translated.
    for element in ("#thread-title-translation", "#post-1-translation"):
        expect(page.locator(element)).to_have_attribute(
            "data-translation-state", "done", timeout=15000
        )
    expect(page.locator("#post-1 [data-original]")).to_be_hidden()
    expect(page.locator("#post-1-translation .translation-text")).to_contain_text("[EN-US]")
