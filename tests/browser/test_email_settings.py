"""A member who has been away gets the weekly digest by e-mail, in Chinese, with the English
title translated beside it; the one-click link in it stops the digest, and the settings page
shows it stopped and turns it back on. On a phone."""

from email import message_from_bytes, policy

from playwright.sync_api import expect

from tests.browser.steps import check_page, log_in
from tests.browser.ui_text import t

DIGEST = """
import datetime
from django.utils import timezone
from accounts.models import Member
from forum import services
from forum.models import Category
reader = Member.objects.get(username="digest_reader")
Member.objects.filter(pk=reader.pk).update(date_joined=timezone.now() - datetime.timedelta(days=9))
services.start_thread(
    author=Member.objects.get(username="digest_writer"),
    category=Category.objects.filter(is_introductions=False).first(),
    title="Sweet tea or unsweet?", body="A Texas question for everyone.", region_code="US",
)
services.send_weekly_digests()
"""


def test_a_digest_arrives_and_its_link_unsubscribes(open_page, live_site):
    language = "zh-hans"
    live_site.create_member("digest_reader", language=language, display_name="阿梅")
    live_site.create_member("digest_writer", display_name="Tex")
    live_site.run_python(DIGEST)  # other tests' long-time members may get theirs too

    # The file backend ends each message with a line of dashes.
    written = live_site.wait_for_email("digest_reader@example.com")
    email = message_from_bytes(written.rstrip().rstrip("-").encode(), policy=policy.default)
    text = email.get_body(("plain",)).get_content()
    assert "Sweet tea or unsweet?" in text and "IP属地：美国" in text
    assert email["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    link = str(email["List-Unsubscribe"]).strip().strip("<>")
    assert link.startswith(live_site.url)

    page = open_page(language="zh-CN", viewport="phone")
    log_in(page, "digest_reader", language)
    page.goto(link)
    expect(page.get_by_role("heading", name="不再接收每周精选？")).to_be_visible()
    check_page(page, language, "unsubscribe", "phone")
    page.get_by_role("button", name=t("Unsubscribe", language)).click()
    expect(page.get_by_role("heading", name="你已退订")).to_be_visible()

    page.get_by_role("link", name=t("Notification settings", language)).click()
    digest = page.get_by_label(t("E-mail me a weekly digest of my feed", language))
    expect(digest).not_to_be_checked()
    expect(
        page.get_by_label(
            t("E-mail me replies, mentions and chat messages I have not read", language)
        )
    ).to_be_checked()
    digest.check()
    check_page(page, language, "notification-settings-email", "phone")
    page.get_by_role("button", name=t("Save", language), exact=True).click()
    expect(page.get_by_text(t("Your notification settings are saved.", language))).to_be_visible()
    page.goto("/notifications/settings/")
    expect(digest).to_be_checked()
