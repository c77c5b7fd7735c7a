"""Home, sign-up, profile and settings in English and Chinese, at 1280 px and 390 px.

Each page is checked for what a member would notice (its heading, no English left in the
Chinese interface, nothing wider than the screen) and saved as a screenshot to look at.
"""

import pytest
from PIL import Image
from playwright.sync_api import expect

from tests.browser.conftest import screenshot
from tests.browser.steps import check_page, log_in
from tests.browser.ui_text import t

COMMUNITY = """
from allauth.account.models import EmailAddress
from accounts import services
from accounts.models import Interest, Member

people = [
    ("meimei", "梅梅", "CN", "zh-hans", ["zh", "en"], ["ja"], ["books", "tea"],
     "北京的大学老师。**欢迎**大家来聊天！"),
    ("jess_tx", "Jess", "US", "en", ["en"], ["zh"], ["cats", "cooking", "knitting"],
     "Texas nurse with one very loud cat named *Biscuit*. Learning Chinese."),
    ("rafa_sp", "Rafael", "BR", "en", ["pt", "en"], ["zh"], ["football", "music"],
     "São Paulo designer. Here for the food photos."),
    ("amelia_uk", "Amelia", "GB", "en", ["en", "fr"], ["zh"], ["tea", "gardening"],
     "Manchester. Learning about 普洱 one cup at a time."),
]
from forum import services as forum
from forum.models import Category
interests = {i.slug: i for i in Interest.objects.all()}
for username, name, region, language, speaks, learns, likes, bio in people:
    if Member.objects.filter(username=username).exists():
        continue
    member = Member.objects.create_user(
        username=username, email=username + "@example.com", password="pages-test-password"
    )
    EmailAddress.objects.create(user=member, email=member.email, verified=True, primary=True)
    services.start_membership(member=member, language=language, region_code=region)
    services.update_profile(
        member=member, display_name=name, bio=bio, languages_spoken=speaks,
        languages_learning=learns, interests=[interests[slug] for slug in likes],
    )
members = {m.username: m for m in Member.objects.all()}
if not members["meimei"].threads.exists():
    forum.post_introduction(
        member=members["meimei"], title="北京的英语老师，来交个朋友",
        who_i_am="我在北京教英语，也在学日语。", where_from="北京", hope_to_learn="英国的学校",
        languages_spoken=["zh", "en"], languages_learning=["ja"], interests=[interests["books"]],
        region_code="CN",
    )
    thread = forum.start_thread(
        author=members["jess_tx"], category=Category.objects.get(slug="pets"),
        title="Biscuit learned to open the fridge", body="Send help. And **treats**.",
        region_code="US",
    )
    forum.add_reply(author=members["meimei"], thread=thread, body="哈哈，太聪明了！",
                    region_code="CN")
    forum.add_reply(author=members["jess_tx"], thread=thread, body="@meimei 谢谢!",
                    region_code="US")
"""

LANGUAGES = {"en": "en-US", "zh-hans": "zh-CN"}


@pytest.fixture(scope="module")
def community(live_site):
    live_site.run_python(COMMUNITY)


def signed_in_page(open_page, language, viewport, username="jess_tx"):
    page = open_page(language=LANGUAGES[language], viewport=viewport)
    log_in(page, username, language, password="pages-test-password")
    return page


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_home_sign_up_profile_and_settings(open_page, community, language, viewport):
    visitor = open_page(language=LANGUAGES[language], viewport=viewport)
    visitor.goto("/")
    expect(
        visitor.get_by_role("heading", name=t("A forum for meeting halfway", language))
    ).to_be_visible()
    expect(visitor.get_by_role("heading", name="北京的英语老师，来交个朋友")).to_be_visible()
    check_page(visitor, language, "home", viewport)

    visitor.goto("/introductions/")
    expect(
        visitor.get_by_role("heading", name=t("Introductions", language), level=1)
    ).to_be_visible()
    check_page(visitor, language, "introductions", viewport)

    visitor.get_by_role("link", name=t("Home", language), exact=True).click()
    visitor.get_by_role("link", name="Biscuit learned to open the fridge").click()
    expect(visitor.locator("#post-2 .region-tag")).to_contain_text(
        "China" if language == "en" else "中国"
    )
    check_page(visitor, language, "thread", viewport)

    visitor.goto("/accounts/signup/")
    expect(visitor.get_by_role("heading", name=t("Sign Up", language))).to_be_visible()
    check_page(visitor, language, "sign-up", viewport)

    # A member whose own setting is this language (the setting outranks the browser).
    reader = {"en": ("jess_tx", "Jess"), "zh-hans": ("meimei", "梅梅")}[language]
    page = signed_in_page(open_page, language, viewport, username=reader[0])
    page.goto("/members/jess_tx/")
    expect(page.get_by_role("heading", name="Jess", exact=True)).to_be_visible()
    region = "United States" if language == "en" else "美国"
    expect(page.locator(".profile-meta .region-tag")).to_contain_text(region)
    check_page(page, language, "profile", viewport)

    # A category's page, signed in: its rows are shared by every reader (forum/selectors).
    page.goto("/c/pets/")
    heading = page.get_by_role("heading", name="Pets" if language == "en" else "萌宠", level=1)
    expect(heading).to_be_visible()
    expect(page.get_by_role("link", name="Biscuit learned to open the fridge")).to_be_visible()
    check_page(page, language, "category", viewport)

    # A post in the other language, translated in place for this reader.
    page.goto("/")
    page.get_by_role("link", name="Biscuit learned to open the fridge").click()
    other = "post-1" if language == "zh-hans" else "post-2"
    page.locator(f"#{other}").get_by_role(
        "button", name=t("Translate", language), exact=True
    ).click()
    expect(page.locator(f"#{other}-translation")).to_have_attribute(
        "data-translation-state", "done", timeout=15000
    )
    check_page(page, language, "thread-translated", viewport)

    expect(page.locator("body")).to_have_attribute("data-realtime", "open")  # the live socket

    # Search from the header, in the other language's words too.
    search_box = page.get_by_role("searchbox", name=t("Search", language))
    search_box.fill("聪明")
    search_box.press("Enter")
    expect(page.locator(".search-snippet mark")).to_have_text("聪明")
    check_page(page, language, "search", viewport)

    page.goto("/t/new/")
    expect(page.get_by_role("heading", name=t("Start a thread", language), level=1)).to_be_visible()
    check_page(page, language, "new-thread", viewport)

    page.goto("/introductions/mine/")
    check_page(page, language, "introduction-form", viewport)

    page.goto("/notifications/")
    expect(page.locator(".notification").first).to_be_visible()
    check_page(page, language, "notifications", viewport)

    page.goto("/settings/")
    expect(page.get_by_role("heading", name=t("Settings", language), level=1)).to_be_visible()
    expect(page.get_by_label(t("Display name", language))).to_have_value(reader[1])
    check_page(page, language, "settings", viewport)

    page.get_by_role("link", name=t("Email addresses", language)).click()
    expect(
        page.get_by_role("heading", name=t("Email Addresses", language), level=1)
    ).to_be_visible()
    check_page(page, language, "email", viewport)
    page.goto("/settings/")
    page.get_by_role("link", name=t("Password", language), exact=True).click()
    expect(
        page.get_by_role("heading", name=t("Change Password", language), level=1)
    ).to_be_visible()
    check_page(page, language, "password", viewport)


def test_a_bad_avatar_shows_a_clear_error_and_keeps_the_old_photo(open_page, community, tmp_path):
    page = signed_in_page(open_page, "en", "desktop", username="rafa_sp")
    page.goto("/settings/#photo")
    photo = tmp_path / "cat.jpg"
    Image.new("RGB", (640, 480), (230, 140, 60)).save(photo)
    page.get_by_label(t("New photo")).set_input_files(str(photo))
    page.get_by_role("button", name=t("Upload photo")).click()
    expect(page.get_by_text(t("Your new photo is saved."))).to_be_visible()
    avatar = page.locator("#photo img.avatar")
    saved_src = avatar.get_attribute("src")
    assert saved_src.endswith(".webp")

    fake = tmp_path / "cat.png"
    fake.write_text("this is not a cat")
    page.get_by_label(t("New photo")).set_input_files(str(fake))
    page.get_by_role("button", name=t("Upload photo")).click()
    expect(page.get_by_text("This file is not an image we can read.")).to_be_visible()
    expect(avatar).to_have_attribute("src", saved_src)
    screenshot(page, "settings-bad-avatar-en-desktop")
