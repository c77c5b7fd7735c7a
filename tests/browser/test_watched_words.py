"""Staff watch words in both languages; a member's post with a blocked word is refused with the
word named and the text kept. English on desktop, Chinese on a phone."""

import pytest
from playwright.sync_api import expect

from tests.browser.steps import check_page, log_in, open_thread
from tests.browser.ui_text import t

LOCALES = {"en": "en-US", "zh-hans": "zh-CN"}
THREAD = """
from accounts.models import Member
from forum import services
from forum.models import Category
services.start_thread(
    author=Member.objects.get(username={author!r}), category=Category.objects.get(slug="food"),
    title={title!r}, body="Where do you buy tofu?", region_code="US",
)
"""


@pytest.mark.parametrize(("language", "viewport"), [("en", "desktop"), ("zh-hans", "phone")])
def test_staff_watch_words_and_a_blocked_word_keeps_the_text(
    open_page, live_site, language, viewport
):
    suffix = viewport[0]
    staff_name, writer = f"ww_staff_{suffix}", f"ww_writer_{suffix}"
    number = 1 if viewport == "desktop" else 2
    # Each in the interface's language, as the member writes it.
    blocked = f"fakefollow{number}" if language == "en" else f"买粉{number}"
    held = f"刷粉{number}"
    title = f"Tofu shopping ({viewport})"
    live_site.create_member(staff_name, language=language, display_name="Sam", is_staff=True)
    live_site.create_member(writer, language=language, display_name="Wen")
    live_site.run_python(THREAD.format(author=staff_name, title=title))

    staff = open_page(language=LOCALES[language], viewport=viewport)
    log_in(staff, staff_name, language)
    staff.get_by_label(t("Your account", language)).click()
    staff.get_by_role("link", name=t("Watched words", language)).click()
    form = staff.locator("form.glossary-form")
    form.get_by_label(t("Word or phrase", language)).fill(blocked)
    form.get_by_label(t("What happens", language)).select_option("block")
    form.get_by_role("button", name=t("Add to watched words", language)).click()
    form.get_by_label(t("Word or phrase", language)).fill(held)
    form.get_by_label(t("What happens", language)).select_option("hold")
    form.get_by_role("button", name=t("Add to watched words", language)).click()
    # "Replace" needs what to replace with; the word typed stays.
    form.get_by_label(t("Word or phrase", language)).fill("dang")
    form.get_by_label(t("What happens", language)).select_option("replace")
    form.get_by_role("button", name=t("Add to watched words", language)).click()
    expect(form.get_by_text(t("Write what replaces the word.", language))).to_be_visible()
    expect(form.get_by_label(t("Word or phrase", language))).to_have_value("dang")
    table = staff.locator("table")
    expect(table).to_contain_text(blocked)
    expect(table).to_contain_text(held)
    check_page(staff, language, "watched-words", viewport)

    # A member's reply with the blocked word is refused, naming it; the reply stays typed.
    member = open_page(language=LOCALES[language], viewport=viewport)
    log_in(member, writer, language)
    open_thread(member, title)
    reply = (
        f"Try the market on Sunday, and buy {blocked} if you want likes"
        if language == "en"
        else f"周日去菜市场看看。想要点赞就{blocked}吧"
    )
    member.get_by_label(t("Your reply", language)).fill(reply)
    member.get_by_role("button", name=t("Post reply", language)).click()
    expect(member.get_by_text(blocked, exact=False).first).to_be_visible()
    expect(member.get_by_label(t("Your reply", language))).to_have_value(reply)
    check_page(member, language, "watched-word-refused", viewport)
