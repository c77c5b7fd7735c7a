"""An introduction read in the other language: the labels above its answers are the reader's,
and Translate puts each answer's translation under its label (the labels are never sent)."""

import pytest
from playwright.sync_api import expect

from tests.browser.steps import check_page, log_in
from tests.browser.ui_text import t

LANGUAGES = {"en": "en-US", "zh-hans": "zh-CN"}

INTRODUCTION = """
from accounts.models import Member
from forum import services
services.post_introduction(
    member=Member.objects.get(username={username!r}), title={title!r},
    who_i_am={who!r}, where_from={where!r}, hope_to_learn={hope!r},
    languages_spoken=[{spoken!r}], languages_learning=[], interests=[], region_code={region!r},
)
"""

# The introduction each reader reads: written in the other language.
WRITTEN = {
    "en": {
        "title": "上海的小蓝，家里两只橘猫",
        "who": "在这里三年了，平时拍猫、做饭。最近认识了好多新朋友，很开心。",
        "where": "上海",
        "hope": "想知道美国人平时在家吃什么，周末都干嘛。",
        "spoken": "zh",
        "region": "CN",
        "language": "zh-hans",
    },
    "zh-hans": {
        "title": "Hi from Texas, cat person!",
        "who": "Night-shift nurse. I knit on my breaks and my cat Biscuit supervises.",
        "where": "Austin, Texas",
        "hope": "How do people here celebrate Spring Festival at home?",
        "spoken": "en",
        "region": "US",
        "language": "en",
    },
}
TARGET = {"en": "EN-US", "zh-hans": "ZH-HANS"}


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_an_introduction_shows_labels_in_the_readers_language_and_translates_the_answers(
    open_page, live_site, deepl_server, language, viewport
):
    written = WRITTEN[language]
    author = f"intro_{language[:2]}_{viewport}"
    reader = f"reader_{language[:2]}_{viewport}"
    title = f"{written['title']} ({viewport})"
    live_site.create_member(author, language=written["language"], display_name=author)
    live_site.create_member(reader, language=language, display_name=reader)
    live_site.run_python(
        INTRODUCTION.format(
            username=author,
            title=title,
            who=written["who"],
            where=written["where"],
            hope=written["hope"],
            spoken=written["spoken"],
            region=written["region"],
        )
    )

    page = open_page(language=LANGUAGES[language], viewport=viewport)
    log_in(page, reader, language)
    page.goto("/introductions/")
    page.get_by_role("link", name=title).click()
    labels = page.locator("#post-1 .introduction-answers dt")
    expect(labels).to_have_text(
        [t("Where I am from", language), t("What I would love to learn", language)]
    )
    answers = page.locator("#post-1 .introduction-answer-text")
    expect(answers).to_have_text([written["where"], written["hope"]])
    check_page(page, language, "introduction", viewport)

    page.locator("#post-1").get_by_role("button", name=t("Translate", language)).click()
    where = page.locator("#post-1-where-from-translation .translation-text")
    expect(where).to_have_text(f"[{TARGET[language]}] {written['where']}")
    expect(page.locator("#post-1-hope-to-learn-translation .translation-text")).to_have_text(
        f"[{TARGET[language]}] {written['hope']}"
    )
    expect(page.locator("#post-1-translation .translation-text")).to_contain_text(written["who"])
    expect(labels).to_have_text(
        [t("Where I am from", language), t("What I would love to learn", language)]
    )
    check_page(page, language, "introduction-translated", viewport)

    # The post's one "Show original" flips the text and every answer back.
    page.locator("#post-1-translation").get_by_role(
        "button", name=t("Show original", language)
    ).click()
    expect(answers).to_have_text([written["where"], written["hope"]])
    expect(answers.first).to_be_visible()
    expect(where).to_be_hidden()
