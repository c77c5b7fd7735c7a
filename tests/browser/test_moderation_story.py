"""A member reports a Chinese reply for harassment; a moderator who does not read Chinese opens
the queue, reads it translated, hides it with a reason; the author is told why, the reporter
is told the outcome, and the audit log shows it. In both interface languages, desktop and
phone."""

import pytest
from playwright.sync_api import expect

from tests.browser.steps import check_page, log_in, open_thread
from tests.browser.ui_text import t

THREAD_WITH_CHINESE_REPLY = """
from accounts.models import Member
from forum import services
from forum.models import Category
author = Member.objects.get(username={author!r})
thread = services.start_thread(
    author=author, category=Category.objects.get(slug="language-exchange"), title={title!r},
    body="I'm learning Chinese, here is my first paragraph: 我喜欢吃饺子。", region_code="US",
)
services.add_reply(
    author=Member.objects.get(username={replier!r}), thread=thread,
    body="你的中文太差了，别在这里丢人。", region_code="CN",
)
"""

LOCALES = {"en": "en-US", "zh-hans": "zh-CN"}


@pytest.mark.parametrize(("language", "viewport"), [("en", "desktop"), ("zh-hans", "phone")])
def test_report_translate_hide_notify_and_audit(open_page, live_site, language, viewport):
    """`language` is the moderator's (the reporter writes English, the author Chinese)."""
    suffix = viewport[0]
    reporter, author, moderator = f"jess_m{suffix}", f"hong_m{suffix}", f"maria_m{suffix}"
    title = f"My first Chinese paragraph ({viewport})"
    # Both journeys may share one site and its audit log: each has a reason of its own.
    reason = f"Mocking a learner is harassment ({viewport})."
    live_site.create_member(reporter, display_name="Jess")
    live_site.create_member(author, language="zh-hans", display_name="小红")
    live_site.create_member(moderator, language=language, display_name="Maria", is_staff=True)
    live_site.run_python(
        THREAD_WITH_CHINESE_REPLY.format(author=reporter, replier=author, title=title)
    )

    # The reporter reports the reply, in place, for harassment, with a note.
    page = open_page(viewport=viewport)
    log_in(page, reporter)
    open_thread(page, title)
    reply = page.locator("#post-2")
    reply.get_by_role("link", name=t("Report"), exact=True).click()
    form = reply.locator("form.report-form")
    form.get_by_role("button", name=t("Send report")).click()
    expect(form.get_by_text(t("Choose a reason."))).to_be_visible()
    form.get_by_label(t("Harassment")).check()
    form.get_by_label(t("Anything moderators should know? (optional)")).fill(
        "She is mocking a learner in front of everyone."
    )
    form.get_by_role("button", name=t("Send report")).click()
    expect(reply.get_by_role("status")).to_contain_text(
        t("Thank you. Moderators will look at it, and you will hear what they decide.")
    )

    # The moderator opens the queue from the account menu and reads both texts translated.
    staff = open_page(language=LOCALES[language], viewport=viewport)
    log_in(staff, moderator, language)
    staff.get_by_label(t("Your account", language)).click()
    staff.get_by_role("link", name=t("Review queue", language)).click()
    case = staff.locator("article.case").filter(has_text="你的中文太差了")
    expect(case).to_be_visible()
    expect(case.get_by_text(t("Harassment", language)).first).to_be_visible()
    if language == "en":
        # The Chinese reply reaches the English moderator in English; the English note stays.
        translated = case.locator(".case-content .translation")
        expected = "[EN-US] 你的中文太差了"
    else:
        # The English note reaches the Chinese moderator in Chinese; the reply needs nothing.
        translated = case.locator(".case-report .translation")
        expected = "[ZH-HANS] She is mocking"
    expect(translated).to_have_attribute("data-translation-state", "done", timeout=15000)
    expect(translated).to_contain_text(expected)
    check_page(staff, language, "moderation-queue", viewport)

    # Hide, with a reason: the form opens in place and a missing reason is refused.
    case.get_by_role("link", name=t("Hide", language), exact=True).click()
    action = case.locator("form.action-form")
    action.get_by_role("button", name=t("Hide", language), exact=True).click()
    expect(
        action.get_by_text(t("Give a reason: the member and the audit log will see it.", language))
    ).to_be_visible()
    action.get_by_label(t("Reason", language)).fill(reason)
    action.get_by_role("button", name=t("Hide", language), exact=True).click()
    expect(staff.get_by_text(t("Done. The audit log has it.", language))).to_be_visible()
    expect(staff.locator("article.case").filter(has_text="你的中文太差了")).to_have_count(0)

    # The audit log shows who did what, to what, and why.
    staff.goto("/moderation/audit/")
    row = staff.locator("tr").filter(has_text=reason)
    expect(row).to_contain_text("Maria")
    expect(row).to_contain_text(t("Hide", language))
    check_page(staff, language, "moderation-audit-log", viewport)

    # Other members see only that the reply was hidden.
    open_thread(page, title)
    expect(page.locator("#post-2")).to_contain_text(t("Hidden by moderators."))
    expect(page.locator("#post-2")).not_to_contain_text("你的中文太差了")
    # The reporter hears the outcome.
    page.goto("/notifications/")
    expect(page.get_by_text(t("Thank you for telling us.")).first).to_be_visible()

    # The author is told, in Chinese, what happened and why, and still sees the reply.
    hong = open_page(language="zh-CN", viewport=viewport)
    log_in(hong, author, "zh-hans")
    hong.goto("/notifications/")
    notice = hong.locator(".moderation-notice")
    expect(notice).to_contain_text(reason)
    notice.get_by_role("link").click()
    hidden = hong.locator("#post-2")
    expect(hidden).to_contain_text("你的中文太差了")
    expect(hidden.locator(".post-hidden-notice")).to_contain_text(reason)
    expect(hidden.locator(".post-hidden-notice")).to_contain_text(
        t("Only you and moderators can see this post.", "zh-hans")
    )
    check_page(hong, "zh-hans", "post-hidden-for-its-author", viewport)


REPORTED_AND_PINNED = """
from accounts.models import Member
from forum import services
from forum.models import Category
from moderation import services as moderation
from moderation.services import Target
author = Member.objects.get(username={author!r})
thread = services.start_thread(
    author=author, category=Category.objects.get(slug="daily-life"), title={title!r},
    body="Ask me anything about moving to Chengdu.", region_code="CN",
)
reply = services.add_reply(
    author=Member.objects.get(username={replier!r}), thread=thread,
    body="Cheap followers 便宜粉丝 ✅ DM me!!!", region_code="SG",
)
for name in ({reporters!r}):
    moderation.file_report(
        reporter=Member.objects.get(username=name), target=Target.of_post(reply),
        reason="spam", note="广告，到处都在发。",
    )
moderation.flag_thread(
    moderator=Member.objects.get(username={moderator!r}), thread=thread, action="pin",
    reason="Useful for newcomers ({suffix})",
)
"""


@pytest.mark.parametrize(("language", "viewport"), [("en", "phone"), ("zh-hans", "desktop")])
def test_queue_and_audit_log_at_the_other_widths(open_page, live_site, language, viewport):
    suffix = f"{language[:2]}{viewport[0]}"
    names = [f"{role}_w{suffix}" for role in ("author", "spam", "rep1", "rep2", "mod")]
    for name in names[:-1]:
        live_site.create_member(name, display_name=name.split("_")[0].title())
    live_site.create_member(names[-1], language=language, display_name="Kim", is_staff=True)
    live_site.run_python(
        REPORTED_AND_PINNED.format(
            author=names[0],
            replier=names[1],
            reporters=names[2:4],
            moderator=names[-1],
            title=f"Moving to Chengdu ({suffix})",
            suffix=suffix,
        )
    )
    staff = open_page(language=LOCALES[language], viewport=viewport)
    log_in(staff, names[-1], language)
    staff.goto("/moderation/")
    # The other journey's case may share the queue: this one is about this journey's thread.
    case = staff.locator("article.case").filter(has_text=f"Moving to Chengdu ({suffix})")
    expect(case).to_contain_text(t("Spam", language))
    if language == "en":
        translated = case.locator(".case-report .translation").first
        expect(translated).to_have_attribute("data-translation-state", "done", timeout=15000)
    check_page(staff, language, "moderation-queue", viewport)
    staff.goto("/moderation/audit/")
    pinned = staff.locator("tr").filter(has_text=f"Useful for newcomers ({suffix})")
    expect(pinned).to_contain_text("Kim")
    check_page(staff, language, "moderation-audit-log", viewport)
