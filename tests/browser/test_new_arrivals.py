"""New arrivals: a newcomer's introduction is on the home page; three members welcome them with
one tap each, two writing the other language and one the newcomer's; the newcomer opens their
introduction, reads the greetings translated by the site's worker, and sees who's here."""

import pytest
from playwright.sync_api import expect

from regions.names import country_name
from tests.browser.steps import check_page, log_in
from tests.browser.ui_text import t

LANGUAGES = {"en": "en-US", "zh-hans": "zh-CN"}
ADDRESSES = {"US": "8.8.8.8", "CN": "114.114.114.114", "GB": "81.2.69.142"}

INTRODUCTION = """
from accounts.models import Member
from forum import services
services.post_introduction(
    member=Member.objects.get(username={username!r}), title={title!r},
    who_i_am="Nurse, knitter, and Biscuit's human.", where_from="Austin, Texas",
    hope_to_learn="", languages_spoken=[{spoken!r}], languages_learning=[], interests=[],
    region_code={region!r},
)
"""

# Per journey: the newcomer (name, where from), then the three welcomers in the order they tap
# (name, language, where from): two write the newcomer's other language, the last their own.
CAST = {
    "en": (
        ("Biscuit Mom", "US"),
        [("小蓝", "zh-hans", "CN"), ("老王", "zh-hans", "CN"), ("Priya", "en", "GB")],
    ),
    "zh-hans": (
        ("小饼干", "CN"),
        [("Emma", "en", "US"), ("Oliver", "en", "GB"), ("小美", "zh-hans", "CN")],
    ),
}
# Where the introduction's four posts were written from, most first (the same in both).
WHOS_HERE = [(2, "CN"), (1, "GB"), (1, "US")]


@pytest.mark.parametrize(("language", "viewport"), [("en", "desktop"), ("zh-hans", "phone")])
def test_three_members_welcome_a_newcomer_who_reads_the_greetings_translated(
    open_page, live_site, deepl_server, language, viewport
):
    (newcomer_name, newcomer_region), welcomers = CAST[language]
    newcomer = f"arrival_{viewport}"
    title = f"Hello from {newcomer_name}!"
    live_site.create_member(newcomer, language=language, display_name=newcomer_name)
    live_site.run_python(
        INTRODUCTION.format(
            username=newcomer, title=title, spoken=language[:2], region=newcomer_region
        )
    )
    # Two who arrive later come first in the row: on a phone the welcomed card is past the
    # screen's edge, where what it holds must scroll with the row, not widen the page.
    for later in (1, 2):
        username = f"later{later}_{viewport}"
        live_site.create_member(username, language=language, display_name=f"Later {later}")
        live_site.run_python(
            INTRODUCTION.format(
                username=username, title=f"Later {later}", spoken=language[:2], region="GB"
            )
        )

    # Three members find the introduction among New arrivals and tap "Welcome 👋".
    for number, (name, writes_in, region) in enumerate(welcomers, start=1):
        username = f"welcomer{number}_{viewport}"
        live_site.create_member(username, language=writes_in, display_name=name)
        page = open_page(
            language=LANGUAGES[writes_in], viewport=viewport, writes_from=ADDRESSES[region]
        )
        log_in(page, username, writes_in)
        page.goto("/")
        panel = page.get_by_role("region", name=t("New arrivals", writes_in))
        card = panel.locator(".arrival").filter(has_text=newcomer_name)
        url = page.url
        card.get_by_role("button", name=t("Welcome 👋", writes_in)).click()
        expect(card.locator(".arrival-welcomed")).to_be_visible()
        expect(card.locator(".welcome-count")).to_contain_text(str(number))
        expect(card.get_by_role("button")).to_have_count(0)
        assert page.url == url  # swapped in place, no reload
    expect(card.locator(".avatar-stack li")).to_have_count(3)
    check_page(page, language, "new-arrivals", viewport)

    # The newcomer is told three times, opens their introduction from New arrivals…
    reader = open_page(language=LANGUAGES[language], viewport=viewport)
    log_in(reader, newcomer, language)
    reader.goto("/")
    expect(reader.locator("#notification-badge")).to_contain_text("3")
    own_card = reader.locator(".arrival").filter(has_text=newcomer_name)
    expect(own_card.get_by_role("button")).to_have_count(0)
    own_card.get_by_role("link", name=title).click()
    expect(reader.get_by_role("heading", name=title)).to_be_visible()

    # …sees who's here, and reads the two greetings in the other language, translated.
    pattern = t("%(posts)s %(region)s", language, "who's here")
    regions = [
        pattern % {"posts": count, "region": country_name(code, language)}
        for count, code in WHOS_HERE
    ]
    expect(reader.locator(".whos-here-regions")).to_have_text(" · ".join(regions))
    for number in (2, 3):
        post = reader.locator(f"#post-{number}")
        expect(post).to_contain_text(newcomer_name)
        post.get_by_role("button", name=t("Translate", language), exact=True).click()
        block = reader.locator(f"#post-{number}-translation")
        expect(block).to_have_attribute("data-translation-state", "done", timeout=15000)
        expect(block.locator(".translation-text")).to_contain_text(newcomer_name)
        expect(reader.locator(f"#post-{number} [data-original]")).to_be_hidden()
    expect(reader.locator("#post-4")).to_contain_text(newcomer_name)  # already in their language
    assert len([r for r in deepl_server.translate_requests if newcomer_name in str(r)]) == 2
    check_page(reader, language, "whos-here", viewport)
