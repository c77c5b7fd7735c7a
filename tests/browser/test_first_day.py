"""A newcomer's whole first day on a 390 px phone: Jess signs up in English and introduces
herself with two photos; 小林, a new member writing in Chinese, welcomes her and replies at
once; he messages her, her header lights live and the request shows his words; she accepts and
they chat live; then she blocks him, after a confirmation, and he is told why he cannot write."""

import re

from PIL import Image
from playwright.sync_api import expect

from tests.browser.steps import block_from_profile, check_page, log_in
from tests.browser.ui_text import t

US_ADDRESS = "8.8.8.8"
CHINA_ADDRESS = "114.114.114.114"
PASSWORD = "a long and unusual passphrase 42"
TITLE = "Hi from Ohio, learning to cook"


def test_a_newcomers_first_day_on_a_phone(open_page, live_site, deepl_server, tmp_path):
    live_site.create_member("xiaolin_fd", language="zh-hans", display_name="小林")

    # 1. Jess signs up and confirms her address.
    jess = open_page(language="en-US", viewport="phone", writes_from=US_ADDRESS)
    jess.goto("/accounts/signup/")
    jess.get_by_label(t("Username"), exact=True).fill("jess_fd")
    jess.get_by_label(t("Email"), exact=True).fill("jess_fd@example.com")
    jess.get_by_label(t("Password"), exact=True).fill(PASSWORD)
    jess.get_by_label(t("Password (again)"), exact=True).fill(PASSWORD)
    jess.get_by_role("button", name=t("Sign Up")).click()
    expect(jess.get_by_role("heading", name=t("Verify Your Email Address"))).to_be_visible()
    email = live_site.wait_for_email("jess_fd@example.com")
    jess.goto(re.search(r"http://\S+/accounts/confirm-email/\S+/", email).group(0))
    jess.get_by_role("button", name=t("Confirm")).click()
    expect(jess.get_by_label(t("Your account"))).to_be_visible()

    # 2. Her introduction, with two photos she sees before posting.
    kitchen, river = tmp_path / "kitchen.png", tmp_path / "river.png"
    Image.new("RGB", (640, 480), (236, 150, 70)).save(kitchen)
    Image.new("RGB", (480, 640), (70, 130, 200)).save(river)
    jess.goto("/introductions/mine/")
    jess.get_by_label(t("A title for your introduction")).fill(TITLE)
    jess.get_by_label(t("Who I am")).fill("A nurse who wants to cook real Sichuan food.")
    jess.get_by_label(t("Where I am from"), exact=True).fill("Columbus, Ohio")
    jess.get_by_role("group", name=t("Languages I speak")).get_by_label(
        t("English"), exact=True
    ).check()
    jess.get_by_label(t("Photos")).set_input_files([kitchen, river])
    expect(jess.locator(".photo-preview img")).to_have_count(2)
    expect(jess.locator(".photo-preview img").first).to_be_visible()
    check_page(jess, "en", "first-day-introduction", "phone")
    jess.get_by_role("button", name=t("Post my introduction")).click()
    expect(jess.get_by_role("heading", name=TITLE)).to_be_visible()
    expect(jess.locator("#post-1 .post-images img")).to_have_count(2)
    introduction_url = jess.url
    expect(jess.locator("body")).to_have_attribute("data-realtime", "open")

    # 3. 小林 welcomes her from New arrivals, then replies at once: both are accepted. He
    # joined today, so the posting limits apply to him as in production (the other browser
    # tests' site turns them off): this web process has them on.
    limited = live_site.another_web_process(MODERATION_POSTING_LIMITS="true")
    lin = open_page(language="zh-CN", viewport="phone", writes_from=CHINA_ADDRESS)
    log_in(lin, "xiaolin_fd", "zh-hans", site=limited)
    lin.goto(f"{limited}/")
    card = lin.get_by_role("region", name=t("New arrivals", "zh-hans")).locator(".arrival")
    card = card.filter(has_text=TITLE)
    card.get_by_role("button", name=t("Welcome 👋", "zh-hans")).click()
    expect(card.locator(".arrival-welcomed")).to_be_visible()
    lin.goto(introduction_url.replace(live_site.url, limited))
    lin.get_by_label(t("Your reply", "zh-hans")).fill("欢迎！我可以教你做麻婆豆腐。")
    lin.get_by_role("button", name=t("Post reply", "zh-hans")).click()
    expect(lin.locator(".post", has_text="我可以教你做麻婆豆腐")).to_be_visible()
    expect(lin.get_by_role("alert")).to_have_count(0)
    # A second real reply at once waits, told how long, with what he typed kept.
    lin.get_by_label(t("Your reply", "zh-hans")).fill("还有，你喜欢吃辣吗？")
    lin.get_by_role("button", name=t("Post reply", "zh-hans")).click()
    expect(lin.get_by_role("alert")).to_contain_text(re.compile(r"请再等 \d+ 秒"))
    expect(lin.get_by_label(t("Your reply", "zh-hans"))).to_have_value("还有，你喜欢吃辣吗？")

    # 4. He messages her; her header lights while she reads, and the request shows his words.
    first_words = "你好 Jess！周末想一起视频做饭吗？"
    lin.goto(f"{limited}/members/jess_fd/")
    lin.get_by_role("link", name=t("Message", "zh-hans"), exact=True).click()
    lin.get_by_label(t("Message", "zh-hans"), exact=True).fill(first_words)
    lin.get_by_role("button", name=t("Send", "zh-hans")).click()
    expect(lin.locator("#message-list")).to_contain_text(first_words)
    expect(jess.locator("#chat-badge")).to_be_visible()
    expect(jess.locator("#chat-badge")).to_contain_text("1")
    jess.goto("/chat/requests/")
    request = jess.locator(".request-card", has_text="小林")
    expect(request.locator("[data-original]").get_by_text(first_words)).to_be_visible()
    check_page(jess, "en", "first-day-request", "phone")

    # 5. She accepts; they chat live both ways.
    request.get_by_role("button", name=t("Accept", "en", "message request")).click()
    jess_list = jess.locator("#message-list")
    expect(jess_list).to_contain_text(first_words)
    expect(jess.locator("body")).to_have_attribute("data-realtime", "open")
    lin.reload()
    expect(lin.locator("body")).to_have_attribute("data-realtime", "open")
    jess.get_by_label(t("Message"), exact=True).fill("Yes please! Saturday?")
    jess.get_by_role("button", name=t("Send")).click()
    expect(lin.locator("#message-list")).to_contain_text("Yes please! Saturday?")
    lin.get_by_label(t("Message", "zh-hans"), exact=True).fill("好呀，周六见！")
    lin.get_by_role("button", name=t("Send", "zh-hans")).click()
    expect(jess_list).to_contain_text("好呀，周六见！")
    check_page(jess, "en", "first-day-chat", "phone")
    check_page(lin, "zh-hans", "first-day-chat", "phone")

    # 6. She blocks him: the profile's menu, a page saying what it will do, then Block.
    chat_url = lin.url
    block_from_profile(jess, "xiaolin_fd", screenshot_as="first-day-block")
    # He is told why, before he types: in the chat, on her introduction and on her profile.
    lin.goto(chat_url)
    expect(lin.locator(".chat-refusal")).to_have_text(
        t("You cannot message this member.", "zh-hans")
    )
    expect(lin.locator("#composer")).to_have_count(0)
    lin.goto(introduction_url.replace(live_site.url, limited))
    expect(lin.locator(".reply-refusal")).to_have_text(
        t("You cannot reply to this member.", "zh-hans")
    )
    check_page(lin, "zh-hans", "first-day-blocked", "phone")
    lin.goto(f"{limited}/members/jess_fd/")
    expect(lin.get_by_role("link", name=t("Message", "zh-hans"), exact=True)).to_have_count(0)
