"""A long-time member shapes their home feed on one screen, reads the settings as chips, asks
why a thread is there, and removes a setting with one tap. Chinese on desktop, English on a
phone."""

import pytest
from playwright.sync_api import expect

from tests.browser.steps import check_page, log_in
from tests.browser.ui_text import t

SEED = """
import datetime
from accounts.models import Member
from forum import services
from forum.models import Category
member = Member.objects.get(username={member!r})
member.date_joined = datetime.datetime(2025, 1, 20, tzinfo=datetime.timezone.utc)
member.save(update_fields=["date_joined"])
english = Member.objects.get(username={english!r})
chinese = Member.objects.get(username={chinese!r})
for author, slug, title, body in [
    (chinese, "pets", {pets_title!r}, "我家的猫今天又睡了一整天，真羡慕。"),
    (chinese, "food", {food_title!r}, "麻婆豆腐的关键是郫县豆瓣和花椒。"),
    (english, "daily-life", {english_title!r}, "Going hiking on Sunday, who's in?"),
]:
    services.start_thread(
        author=author, category=Category.objects.get(slug=slug), title=title, body=body,
        region_code="US" if author == english else "CN",
    )
"""
LOCALES = {"en": "en-US", "zh-hans": "zh-CN"}


@pytest.mark.parametrize(("language", "viewport"), [("zh-hans", "desktop"), ("en", "phone")])
def test_a_long_time_member_shapes_their_feed(open_page, live_site, language, viewport):
    suffix = f"{language[:2]}{viewport[0]}"
    me, english, chinese = f"feed_me_{suffix}", f"feed_en_{suffix}", f"feed_zh_{suffix}"
    live_site.create_member(
        me, language=language, display_name="阿毛" if language != "en" else "Sam"
    )
    live_site.create_member(english, display_name="Jess")
    live_site.create_member(chinese, language="zh-hans", display_name="老王")
    titles = {
        "english_title": f"Weekend hike {suffix}",
        "pets_title": f"猫税来了 {suffix}",
        "food_title": f"麻婆豆腐 {suffix}",
    }
    live_site.run_python(SEED.format(member=me, english=english, chinese=chinese, **titles))
    own, other = (
        ("food_title", "english_title") if language != "en" else ("english_title", "food_title")
    )
    only = "zh" if language != "en" else "en"

    page = open_page(language=LOCALES[language], viewport=viewport)
    log_in(page, me, language)
    # Everything is there; a Chinese member's own language leads each day.
    for title in titles.values():
        expect(page.get_by_role("link", name=title)).to_be_visible()
    first = page.locator(".thread-row-title").first
    # (The English thread is the newest: first for an English reader, after the Chinese ones
    # for a Chinese reader.)
    expect(first).to_contain_text(titles["food_title" if language != "en" else "english_title"])

    # One screen: their language only, Pets muted.
    page.get_by_role("link", name=t("Feed settings", language)).click()
    choice = "Chinese only" if only == "zh" else "English only"
    page.get_by_label(t(choice, language)).check()
    pets = "萌宠" if language != "en" else "Pets"
    page.get_by_label(pets, exact=True).check()
    check_page(page, language, "feed-settings", viewport)
    page.get_by_role("button", name=t("Save", language), exact=True).click()

    expect(page.get_by_role("link", name=titles[own])).to_be_visible()
    expect(page.get_by_role("link", name=titles[other])).to_have_count(0)
    expect(page.get_by_role("link", name=titles["pets_title"])).to_have_count(0)
    chips = page.locator(".feed-chips")
    expect(chips.locator(".feed-chip")).to_have_count(2)
    # Why is this thread here? The rule that put it there.
    row = page.locator(".thread-row").filter(has_text=titles[own])
    row.get_by_text(t("Why am I seeing this?", language)).click()
    expect(row.locator(".why li").first).to_be_visible()
    check_page(page, language, "home-feed", viewport)

    # One tap removes "Pets muted".
    chips.locator(".feed-chip").filter(has_text=pets).get_by_role("button").click()
    expect(page.locator(".feed-chip")).to_have_count(1)
    if only == "zh":
        expect(page.get_by_role("link", name=titles["pets_title"])).to_be_visible()
