"""A first message from a stranger, on a phone: the recipient's header lights up while they
look at another page, the bell names the sender, and the Requests page shows what was written
(with its translation below). Accepting clears both."""

from playwright.sync_api import expect

from tests.browser.steps import check_page, log_in
from tests.browser.ui_text import t

CHINA_ADDRESS = "114.114.114.114"
US_ADDRESS = "8.8.8.8"
FIRST_WORDS = "你好！我在学英语，想和你交换语言。"


def test_a_first_message_lights_the_header_live_and_shows_its_text(
    open_page, live_site, deepl_server
):
    live_site.create_member("ana_r", display_name="Ana")
    live_site.create_member("xiaoming_r", language="zh-hans", display_name="小明")
    live_site.create_member("wangfang_r", language="zh-hans", display_name="王芳")

    # Ana, in English on her phone, is reading the home page: nothing waits for her.
    ana = open_page(language="en-US", viewport="phone", writes_from=US_ADDRESS)
    log_in(ana, "ana_r")
    expect(ana.locator("body")).to_have_attribute("data-realtime", "open")
    expect(ana.locator("#chat-badge")).to_be_hidden()
    expect(ana.locator("#notification-badge")).to_be_hidden()

    # 小明, in Chinese, writes to her first (she does not follow him: a request).
    xiaoming = open_page(language="zh-CN", writes_from=CHINA_ADDRESS)
    log_in(xiaoming, "xiaoming_r", "zh-hans")
    xiaoming.goto("/members/ana_r/")
    xiaoming.get_by_role("link", name=t("Message", "zh-hans"), exact=True).click()
    xiaoming.get_by_label(t("Message", "zh-hans"), exact=True).fill(FIRST_WORDS)
    xiaoming.get_by_role("button", name=t("Send", "zh-hans")).click()
    expect(xiaoming.locator("#message-list")).to_contain_text(FIRST_WORDS)

    # Her header lights up without a reload: the chat badge and the bell.
    expect(ana.locator("#chat-badge")).to_be_visible()
    expect(ana.locator("#chat-badge")).to_contain_text("1")
    expect(ana.locator("#notification-badge")).to_be_visible()
    expect(ana.locator("#notification-badge")).to_contain_text("1")

    # The bell names him and leads to Requests, where his words are on screen.
    ana.get_by_role("link", name=t("Notifications")).click()
    notification = ana.locator(".notification", has_text="小明")
    expect(notification).to_contain_text("小明 sent you a message request")
    notification.get_by_role("link", name="message request").click()
    expect(ana).to_have_url(f"{live_site.url}/chat/requests/")
    card = ana.locator(".request-card", has_text="小明")
    expect(card.locator("[data-original]").get_by_text(FIRST_WORDS)).to_be_visible()
    expect(card.locator(".translation-text")).to_be_visible(timeout=15000)
    expect(card.locator(".translation-text")).to_contain_text("[EN-US]")
    # Translated, the original stays on screen above the translation.
    expect(card.locator("[data-original]").get_by_text(FIRST_WORDS)).to_be_visible()
    expect(card).to_contain_text(t("IP region: %(region)s") % {"region": "China"})
    check_page(ana, "en", "message-requests", "phone")
    # Every action on one card stays within the phone's width.
    for action in card.locator(".request-actions .button").all():
        box = action.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390, action.inner_text()

    desk = open_page(language="en-US", writes_from=US_ADDRESS)
    log_in(desk, "ana_r")
    desk.goto("/chat/requests/")
    expect(desk.locator(".request-card [data-original]").get_by_text(FIRST_WORDS)).to_be_visible()
    check_page(desk, "en", "message-requests", "desktop")

    # Ana writes first to 王芳, who reads Chinese: her Requests, on a phone and a desktop.
    desk.goto("/members/wangfang_r/")
    desk.get_by_role("link", name=t("Message"), exact=True).click()
    desk.get_by_label(t("Message"), exact=True).fill(
        "Hi 王芳! I saw your dumpling photos. Would you teach me how to fold them?"
    )
    desk.get_by_role("button", name=t("Send")).click()
    expect(desk.locator("#message-list")).to_contain_text("dumpling photos")
    for viewport in ("phone", "desktop"):
        wang = open_page(language="zh-CN", viewport=viewport, writes_from=CHINA_ADDRESS)
        log_in(wang, "wangfang_r", "zh-hans")
        expect(wang.locator("#chat-badge")).to_contain_text("1")
        wang.goto("/chat/")
        expect(wang.locator("#request-count")).to_contain_text("1")
        wang.goto("/chat/requests/")
        wang_card = wang.locator(".request-card", has_text="Ana")
        expect(wang_card.locator("[data-original]").get_by_text("dumpling photos")).to_be_visible()
        expect(wang_card.locator(".translation-text")).to_contain_text("[ZH-HANS]", timeout=15000)
        check_page(wang, "zh-hans", "message-requests", viewport)

    # Ana opens it as a conversation (his words there too), and accepts from there: the chat
    # badge and the bell go dark.
    card.get_by_role("link", name=t("Open"), exact=True).click()
    expect(ana.locator("#message-list").get_by_text(FIRST_WORDS).first).to_be_visible()
    bar = ana.locator(".chat-request-bar")
    expect(bar).to_be_visible()
    check_page(ana, "en", "message-request-opened", "phone")
    bar.get_by_role("button", name=t("Accept", context="message request")).click()
    expect(ana.locator(".chat-request-bar")).to_have_count(0)
    expect(ana.locator("#message-list")).to_contain_text(FIRST_WORDS)
    expect(ana.locator("#chat-badge")).to_be_hidden()
    expect(ana.locator("#notification-badge")).to_be_hidden()
