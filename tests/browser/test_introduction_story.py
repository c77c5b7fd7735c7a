"""The forum's whole story: a newcomer from the US introduces themselves with a cat photo; a
long-time member in China finds them under Pets, reacts, replies in Chinese and follows; the
newcomer sees the notifications and the reply's region tag, and answers."""

from PIL import Image
from playwright.sync_api import expect

from tests.browser.conftest import screenshot
from tests.browser.steps import log_in
from tests.browser.ui_text import t

US_ADDRESS = "8.8.8.8"
CHINA_ADDRESS = "114.114.114.114"


def test_a_newcomer_is_welcomed_across_the_world(open_page, live_site, tmp_path):
    live_site.create_member("biscuit_jess", display_name="Jess")
    live_site.create_member("xiaolan_sh", language="zh-hans", display_name="小蓝")
    photo = tmp_path / "biscuit.jpg"
    Image.new("RGB", (1024, 768), (236, 150, 70)).save(photo)

    # The newcomer, writing from the United States, introduces themselves.
    newcomer = open_page(language="en-US", writes_from=US_ADDRESS)
    log_in(newcomer, "biscuit_jess")
    newcomer.get_by_role("link", name=t("Introductions"), exact=True).first.click()
    newcomer.get_by_role("link", name=t("Introduce yourself")).click()
    newcomer.get_by_label(t("A title for your introduction")).fill("Hi from Texas, cat person!")
    newcomer.get_by_label(t("Who I am")).fill("Nurse, knitter, and Biscuit's human.")
    newcomer.get_by_label(t("Where I am from"), exact=True).fill("Austin, Texas")
    newcomer.get_by_label(t("What I would love to learn about the other culture")).fill(
        "How families celebrate Spring Festival."
    )
    newcomer.get_by_role("group", name=t("Languages I speak")).get_by_label("English").check()
    newcomer.get_by_role("group", name=t("Languages I am learning")).get_by_label(
        t("Chinese")
    ).check()
    newcomer.get_by_role("group", name=t("Interests")).get_by_label("Pets").check()
    newcomer.get_by_label(t("Photos")).set_input_files(str(photo))
    newcomer.get_by_role("button", name=t("Post my introduction")).click()
    expect(newcomer.get_by_role("heading", name="Hi from Texas, cat person!")).to_be_visible()
    expect(newcomer.locator("#post-1 .region-tag")).to_have_text("IP region: United States")

    # The long-time member, in China, browses Introductions filtered by Pets.
    member = open_page(language="zh-CN", writes_from=CHINA_ADDRESS)
    log_in(member, "xiaolan_sh", "zh-hans")
    member.goto("/introductions/")
    member.get_by_role("combobox", name=t("Interest", "zh-hans")).select_option("pets")
    member.get_by_role("button", name=t("Show", "zh-hans")).click()
    expect(member.locator(".intro-card")).to_have_count(1)
    screenshot(member, "introductions-filtered-zh-desktop")
    member.get_by_role("link", name="Hi from Texas, cat person!").click()
    expect(member.locator("#post-1 .region-tag")).to_have_text("IP属地：美国")
    # The answers' labels are the reader's; the answers are the newcomer's words.
    expect(member.locator("#post-1 .introduction-answers dt")).to_have_text(
        [t("Where I am from", "zh-hans"), t("What I would love to learn", "zh-hans")]
    )
    expect(member.locator("#post-1 .introduction-answers dd").first).to_have_text("Austin, Texas")

    # Reacts in place (no reload), replies in Chinese, follows.
    # The five kinds share one form: the last one pressed is the one sent.
    hug = member.locator("#post-1 button[name=kind][value=hug]")
    url_before = member.url
    hug.click()
    expect(member.locator("#post-1 button[value=hug].reaction-mine .reaction-count")).to_have_text(
        "1"
    )
    expect(member.locator("#post-1 .reaction-mine")).to_have_count(1)
    assert member.url == url_before
    composer = member.get_by_label(t("Your reply", "zh-hans"))
    composer.press_sequentially("@biscuit_j")  # @mention completion
    expect(member.get_by_role("option")).to_have_count(1)
    member.keyboard.press("Enter")
    expect(composer).to_have_value("@biscuit_jess ")
    member.keyboard.insert_text("欢迎！你的猫好可爱 🐱")
    member.get_by_role("button", name=t("Post reply", "zh-hans")).click()
    expect(member.locator("#post-2")).to_contain_text("欢迎！你的猫好可爱")
    member.goto("/members/biscuit_jess/")
    member.get_by_role("button", name=t("Follow", "zh-hans"), exact=True).click()
    expect(member.get_by_role("button", name=t("Following", "zh-hans"))).to_be_visible()

    # The newcomer sees three notifications (a mention, a reaction, a follower), reads the
    # reply and its region tag, and answers.
    newcomer.goto("/")
    expect(newcomer.locator("#notification-badge")).to_contain_text("3")
    newcomer.get_by_role("link", name=t("Notifications")).click()
    notifications = newcomer.locator(".notification")
    expect(notifications).to_have_count(3)
    screenshot(newcomer, "notifications-en-desktop")
    notifications.filter(has_text="mentioned you").get_by_role("link").click()
    reply = newcomer.locator("#post-2")
    expect(reply.locator(".region-tag")).to_have_text("IP region: China")
    expect(reply).to_contain_text("欢迎！你的猫好可爱")
    newcomer.get_by_label(t("Your reply")).fill("Thank you! Biscuit says 喵.")
    newcomer.get_by_role("button", name=t("Post reply")).click()
    expect(newcomer.locator("#post-3 .region-tag")).to_have_text("IP region: United States")
    screenshot(newcomer, "thread-en-desktop")
