"""Two journeys for language learners: a member opts in to language exchange, finds a partner
and says hello; then reads a thread side by side, original and translation in two columns on
a desktop and stacked on a phone."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.steps import check_page, log_in
from tests.browser.ui_text import t

LANGUAGES = {"en": "en-US", "zh-hans": "zh-CN"}

PARTNER = """
from accounts import services
from accounts.models import Interest, Member
from forum import services as forum_services
partner = Member.objects.get(username={partner!r})
learner = Member.objects.get(username={learner!r})
tea, _ = Interest.objects.get_or_create(slug="tea", defaults={{"name_en": "Tea", "name_zh": "茶"}})
learner.interests.add(tea)
forum_services.post_introduction(
    member=partner, title={title!r}, who_i_am={who!r}, where_from={where!r},
    hope_to_learn="", languages_spoken={speaks!r}, languages_learning={learns!r},
    interests=[tea], region_code="CN",
)
services.record_sign_in(member=partner, region_code="CN")
services.set_open_to_exchange(member=partner, open_to_exchange=True)
forum_services.add_reply(
    author=partner, thread=partner.introduction.thread, body={reply!r}, region_code="CN"
)
"""

# The partner writes in the language the learner is learning, so the reader gets a translation.
WRITING = {
    "en": {
        "speaks": ["zh"],
        "learns": ["en"],
        "title": "大家好，我是王芳",
        "who": "我是成都的中学老师，喜欢喝茶和爬山。",
        "where": "成都",
        "reply": "周末我们一起去喝茶吧！成都的茶馆很有意思，可以慢慢聊天，练习口语。",
    },
    "zh-hans": {
        "speaks": ["en"],
        "learns": ["zh"],
        "title": "Hello everyone, I am Fang",
        "who": "I teach at a secondary school and love tea and hiking.",
        "where": "Bristol",
        "reply": "Let's have tea this weekend! Tea houses are a lovely place to talk slowly.",
    },
}


@pytest.mark.parametrize(("language", "viewport"), [("en", "desktop"), ("zh-hans", "phone")])
def test_a_learner_finds_a_partner_says_hello_and_reads_side_by_side(
    open_page, live_site, deepl_server, language, viewport
):
    learner, partner = f"learner_{viewport}", f"partner_{viewport}"
    writing = WRITING[language]
    live_site.create_member(
        learner,
        language=language,
        display_name="Mei Lin",
        languages_spoken=writing["learns"],
        languages_learning=writing["speaks"],
    )
    partner_language = "zh-hans" if writing["speaks"] == ["zh"] else "en"
    live_site.create_member(partner, language=partner_language, display_name="王芳")
    live_site.run_python(PARTNER.format(partner=partner, learner=learner, **writing))
    page = open_page(language=LANGUAGES[language], viewport=viewport)
    log_in(page, learner, language)

    # From the account menu to the partners page, which first asks to opt in (reciprocity).
    page.get_by_label(t("Your account", language)).click()
    page.get_by_role("link", name=t("Language exchange partners", language)).click()
    expect(page.get_by_role("article")).to_have_count(0)
    page.get_by_role("button", name=t("Suggest me and show my partners", language)).click()
    card = page.get_by_role("article", name="王芳")
    expect(card).to_be_visible()
    expect(card.get_by_text(t("Shared interests", language))).to_be_visible()
    expect(card.get_by_role("link", name=t("Read the introduction", language))).to_be_visible()
    check_page(page, language, "exchange-partners", viewport)

    # Saying hello opens the first-message page (a message request, as they don't follow back).
    card.get_by_role("link", name=t("Say hello", language)).click()
    expect(page).to_have_url(f"{live_site.url}/chat/with/{partner}/")
    expect(page.get_by_role("button", name=t("Send", language))).to_be_visible()

    # The partner's introduction, read side by side: the translation arrives beside the
    # original, which stays.
    page.goto(f"/members/{partner}/")
    page.get_by_role("link", name=writing["title"]).click()
    page.get_by_role("link", name=t("Side by side", language)).click()
    expect(page).to_have_url(re.compile(r"reading=side-by-side"))
    expect(page.locator("#post-2-translation")).to_have_attribute(
        "data-translation-state", "done", timeout=15000
    )
    original = page.locator("#post-2 [data-original]")
    translation = page.locator("#post-2 .translation-text")
    expect(original).to_be_visible()
    expect(translation).to_be_visible()
    label = t("Original", language, "side-by-side reading: the column with the post as written")
    expect(page.locator("#post-2").get_by_text(label, exact=True)).to_be_visible()
    left, right = original.bounding_box(), translation.bounding_box()
    if viewport == "desktop":
        assert right["x"] >= left["x"] + left["width"], (left, right)  # two columns
        assert abs(right["y"] - left["y"]) < 60, (left, right)
    else:
        assert right["y"] >= left["y"] + left["height"], (left, right)  # stacked
    check_page(page, language, "side-by-side", viewport)

    page.get_by_role("link", name=t("Read in one column", language)).click()
    expect(page.locator("#post-2 [data-original]")).to_be_visible()
