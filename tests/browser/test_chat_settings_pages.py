"""The chat pages around conversations: privacy (who may message me, unblock), a new group,
a first message — in both languages, desktop and phone."""

import pytest
from playwright.sync_api import expect

from tests.browser.steps import block_from_profile, check_page, log_in
from tests.browser.ui_text import t

LANGUAGES = {"en": "en-US", "zh-hans": "zh-CN"}


@pytest.mark.parametrize(("language", "viewport"), [("en", "desktop"), ("zh-hans", "phone")])
def test_privacy_new_group_and_first_message_pages(open_page, live_site, language, viewport):
    me, other = f"priv_{viewport}", f"blocked_{viewport}"
    live_site.create_member(me, language=language, display_name="Mei Lin")
    live_site.create_member(other, display_name="Noisy Ned")
    page = open_page(language=LANGUAGES[language], viewport=viewport)
    log_in(page, me, language)

    # Block from the profile, then unblock from the privacy page.
    block_from_profile(page, other, language)
    page.goto("/chat/privacy/")
    expect(page.get_by_text("Noisy Ned")).to_be_visible()
    page.get_by_label(t("Only members I follow", language)).check()
    page.get_by_role("button", name=t("Save", language)).click()
    expect(page.get_by_label(t("Only members I follow", language))).to_be_checked()
    check_page(page, language, "chat-privacy", viewport)
    page.get_by_role("button", name=t("Unblock", language)).click()
    expect(page.get_by_text(t("You have not blocked anyone.", language))).to_be_visible()

    # A new group: a name that is nobody's gets a clear error, and what was typed stays.
    page.goto("/chat/new-group/")
    page.get_by_label(t("Group title", language)).fill("Dumpling club 饺子俱乐部")
    page.get_by_label(t("Members", language)).fill(f"{other}, xq_7731")
    page.get_by_role("button", name=t("Create group", language)).click()
    expect(page.get_by_text("xq_7731", exact=False).first).to_be_visible()
    expect(page.get_by_label(t("Group title", language))).to_have_value("Dumpling club 饺子俱乐部")
    check_page(page, language, "chat-new-group", viewport)
    page.get_by_label(t("Members", language)).fill(other)
    page.get_by_role("button", name=t("Create group", language)).click()
    expect(page.locator("#message-list")).to_be_visible()
    expect(page.get_by_role("heading", name="Dumpling club 饺子俱乐部")).to_be_visible()

    # The first-message page.
    page.goto(f"/chat/with/{other}/")
    check_page(page, language, "chat-first-message", viewport)


LONG_REGION = """
import uuid
from accounts.models import Member
from chat import services as chat
reader = Member.objects.get(username="list_reader")
partner = Member.objects.get(username="list_partner")
Member.objects.filter(pk=partner.pk).update(region_code="US")
conversation = chat.direct_conversation(sender=reader, recipient=partner)
chat.send_message(author=reader, conversation=conversation, body="Hi!", client_id=uuid.uuid4())
"""
# The region tag's text within its box, and the box clear of the time beside it.
ROW_GEOMETRY = """(row) => {
  const tag = row.querySelector(".region-tag"), time = row.querySelector("time");
  return {overflow: tag.scrollWidth - tag.clientWidth,
          gap: time.getBoundingClientRect().left - tag.getBoundingClientRect().right};
}"""


def test_a_long_region_stays_clear_of_the_time_in_the_conversation_list(open_page, live_site):
    live_site.create_member("list_reader")
    live_site.create_member("list_partner", display_name="Alexandra Thompson-Garcia")
    live_site.run_python(LONG_REGION)
    page = open_page(viewport="desktop")
    log_in(page, "list_reader")
    page.goto("/chat/")
    row = page.locator(".conversation-row").first
    expect(row.locator(".region-tag")).to_have_text(
        t("IP region: %(region)s") % {"region": "United States"}
    )
    geometry = row.evaluate(ROW_GEOMETRY)
    assert geometry["overflow"] <= 0 and geometry["gap"] >= 0, geometry
    check_page(page, "en", "chat-long-region", "desktop")
