"""Two members chat in Chromium: the newcomer's first message lands in Requests, already
translated; accepted; live both ways with typing and "seen"; automatic translation; a block."""

from PIL import Image
from playwright.sync_api import expect

from tests.browser.steps import block_from_profile, check_page, log_in
from tests.browser.ui_text import t

US_ADDRESS = "8.8.8.8"
CHINA_ADDRESS = "114.114.114.114"


def test_a_newcomer_and_a_long_time_member_chat_across_languages(
    open_page, live_site, deepl_server, tmp_path
):
    live_site.create_member("laowang_c", language="zh-hans", display_name="老王")
    live_site.create_member("emma_c", display_name="Emma")

    # The newcomer writes first, from the United States.
    emma = open_page(language="en-US", writes_from=US_ADDRESS)
    log_in(emma, "emma_c")
    emma.goto("/members/laowang_c/")
    emma.get_by_role("link", name=t("Message"), exact=True).click()
    emma.get_by_label(t("Message"), exact=True).fill("Hi! How do you make mapo tofu at home?")
    emma.get_by_role("button", name=t("Send")).click()
    emma_list = emma.locator("#message-list")
    expect(emma_list).to_contain_text("How do you make mapo tofu at home?")

    # The long-time member finds it in Requests, already in Chinese, and accepts.
    wang = open_page(language="zh-CN", writes_from=CHINA_ADDRESS)
    log_in(wang, "laowang_c", "zh-hans")
    wang.goto("/chat/requests/")
    card = wang.locator(".request-card", has_text="Emma")
    expect(card).to_contain_text(t("IP region: %(region)s", "zh-hans") % {"region": "美国"})
    expect(card.locator(".translation-text")).to_contain_text("[ZH-HANS]")
    check_page(wang, "zh-hans", "chat-requests", "desktop")
    card.get_by_role("button", name=t("Accept", "zh-hans", "message request")).click()
    wang_list = wang.locator("#message-list")
    expect(wang_list).to_contain_text("How do you make mapo tofu at home?")
    expect(wang.locator("body")).to_have_attribute("data-realtime", "open")
    emma.reload()
    expect(emma.locator("body")).to_have_attribute("data-realtime", "open")

    # Live both ways: typing, the message, "seen".
    emma_box = emma.get_by_label(t("Message"), exact=True)
    emma_box.press_sequentially("Thank you")
    expect(wang.locator("#typing-indicator")).to_contain_text("Emma")
    # Her name inside his Chinese sentence is hers, not text to translate.
    expect(wang.locator("#typing-indicator [translate=no]")).to_have_text("Emma")
    emma_box.press("Shift+Enter")
    emma_box.press_sequentially("so much!")
    emma_box.press("Enter")
    expect(wang_list).to_contain_text("so much!", timeout=10000)
    # His conversation list shows it too, without a reload.
    expect(wang.locator("#conversation-list .conversation-preview").first).to_contain_text(
        "so much!"
    )
    wang_url = wang.url

    # A photo of her cat, on its own.
    photo = tmp_path / "biscuit.jpg"
    Image.new("RGB", (1200, 900), (236, 150, 70)).save(photo)
    emma.get_by_label(t("Add photos")).set_input_files(str(photo))
    emma.get_by_role("button", name=t("Send")).click()
    expect(wang_list.locator(".message-images img")).to_be_visible(timeout=10000)
    expect(emma_list.locator(".message-seen")).to_have_text(t("Seen"), timeout=10000)
    assert emma_list.locator(".message-mine").count() == 3  # each sent once, shown once

    # He reads her automatically in Chinese from now on; she reads him with a click.
    wang.get_by_role("button", name=t("Translate automatically", "zh-hans")).click()
    emma_box.fill("Is the Pixian bean paste really that important?")
    # Before sending, she checks how he will read it.
    emma.get_by_role("button", name=t("How will they read it?")).click()
    expect(emma.locator("#draft-preview .translation-text")).to_contain_text(
        "[ZH-HANS] ", timeout=15000
    )
    emma_box.press("Enter")
    expect(emma.locator("#draft-preview")).to_be_empty()
    newest = wang_list.locator(".message").last
    expect(newest.locator(".translation-text")).to_contain_text("[ZH-HANS] ", timeout=15000)
    wang_box = wang.get_by_label(t("Message", "zh-hans"), exact=True)
    wang_box.fill("非常重要！一定要买郫县的。")
    wang_box.press("Enter")
    his = emma_list.locator(".message", has_text="非常重要")
    expect(his).to_be_visible(timeout=10000)
    expect(his).to_contain_text(t("IP region: %(region)s") % {"region": "China"})
    his.get_by_role("button", name=t("Translate"), exact=True).click()
    expect(his.locator(".translation-text")).to_contain_text("[EN-US]", timeout=15000)
    check_page(emma, "en", "chat", "desktop")
    check_page(wang, "zh-hans", "chat", "desktop")

    # Phones.
    for language, username, short in (("zh-CN", "laowang_c", "zh-hans"), ("en-US", "emma_c", "en")):
        phone = open_page(language=language, viewport="phone")
        log_in(phone, username, short)
        phone.goto(wang_url)
        expect(phone.locator("#message-list")).to_contain_text("非常重要")
        check_page(phone, short, "chat", "phone")
        phone.goto("/chat/")
        check_page(phone, short, "chat-inbox", "phone")

    # He blocks her: nothing more gets through.
    block_from_profile(wang, "emma_c", "zh-hans")
    emma_box.fill("Hello?")
    emma_box.press("Enter")
    expect(emma.locator("#composer")).to_contain_text(t("You cannot message this member."))
    wang.goto(wang_url)
    expect(wang.locator("#message-list")).not_to_contain_text("Hello?")
