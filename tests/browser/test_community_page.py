"""The community page: a visitor follows the footer's link, the worker counts what the page
asked for, and four charts show it — in English on a desktop and Chinese on a phone."""

import time

import pytest
from playwright.sync_api import expect

from regions.names import country_name
from tests.browser.steps import check_page
from tests.browser.ui_text import t

LANGUAGES = {"en": "en-US", "zh-hans": "zh-CN"}

# Members from two regions nobody else in the browser tests comes from, writing in both
# languages, and a conversation between them; then the page's refresh key is let go, so the
# next visit asks the worker again.
COMMUNITY = """
from django.core.cache import cache
from accounts import services as accounts
from accounts.models import Member
from chat import services as chat
from community.services import REFRESH_KEY
from forum import services as forum
from forum.models import Category

people = []
for number, region in enumerate(["NZ", "NZ", "NZ", "KR", "KR"]):
    member = Member.objects.create_user(username="{prefix}_%d" % number, password="x")
    accounts.start_membership(member=member, language=None, region_code=region)
    people.append(member)
thread = forum.start_thread(
    author=people[0], category=Category.objects.get(slug="daily-life"),
    title="Sunrise over the harbour", body="Up early to watch the sunrise with my dog.",
    region_code="NZ",
)
forum.add_reply(author=people[3], thread=thread, body="好漂亮的日出！我也想去看看。",
                region_code="KR")
conversation = chat.direct_conversation(sender=people[0], recipient=people[3])
chat.send_message(author=people[0], conversation=conversation, body="Hello!", client_id="")
cache.delete(REFRESH_KEY)
"""


def open_when_counted(page, legend_entry: str, seconds: float = 30) -> None:
    """Reload until the worker's counts reach the page (it never counts anything itself)."""
    entry = page.locator(".chart-legend li", has_text=legend_entry)
    deadline = time.monotonic() + seconds
    while not entry.count() and time.monotonic() < deadline:
        page.reload()
    expect(entry.first).to_be_visible()


@pytest.mark.parametrize(("language", "viewport"), [("en", "desktop"), ("zh-hans", "phone")])
def test_a_visitor_sees_the_community_in_pictures(open_page, live_site, language, viewport):
    live_site.run_python(COMMUNITY.replace("{prefix}", f"pictures_{viewport}"))
    page = open_page(language=LANGUAGES[language], viewport=viewport)

    page.goto("/")
    page.get_by_role("link", name=t("Community in pictures", language)).click()
    expect(page.get_by_role("heading", name=t("Community in pictures", language))).to_be_visible()
    open_when_counted(page, country_name("NZ", language))

    expect(page.locator("main").get_by_role("img")).to_have_count(4)
    for title in [
        "New members each day",
        "Posts each week",
        "Welcomes each day",
        "Conversations across regions",
    ]:
        expect(page.get_by_role("heading", name=t(title, language))).to_be_visible()
    expect(page.locator(".chart-legend li", has_text=country_name("KR", language))).to_be_visible()
    expect(page.locator(".chart-legend li", has_text=t("Chinese", language))).to_be_visible()
    check_page(page, language, "community", viewport)
