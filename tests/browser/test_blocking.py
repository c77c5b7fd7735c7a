"""Blocking on a phone: Ana (English) blocks Bo (Chinese) through the question page, and Bo
reads why he cannot reply or message her before he types. On the way, the pages around it in
both languages at 390 and 1280 px: notifications (a welcome, previews), profiles, the
question."""

from playwright.sync_api import expect

from tests.browser.steps import block_from_profile, check_page, log_in
from tests.browser.ui_text import t

# Two members of a month's standing (no new-member pauses), Ana introduced and welcomed by
# Bo, a reply each way, and a conversation both accepted.
WORLD = """
import uuid
from datetime import timedelta
from django.utils import timezone
from accounts.models import Member
from chat import services as chat
from forum import services as forum
from forum.models import Category
Member.objects.filter(username__in=["ana_{v}", "bo_{v}"]).update(
    date_joined=timezone.now() - timedelta(days=30)
)
ana = Member.objects.get(username="ana_{v}")
bo = Member.objects.get(username="bo_{v}")
introduction = forum.post_introduction(
    member=ana, title="Hi from Lisbon, tea lover", who_i_am="A nurse who loves green tea.",
    where_from="Lisbon", hope_to_learn="How to make dumplings.", languages_spoken=["en"],
    languages_learning=["zh"], interests=[], region_code="PT",
)
forum.welcome_newcomer(member=bo, introduction=introduction, region_code="CN")
category = Category.objects.filter(is_introductions=False).first()
anas = forum.start_thread(
    author=ana, category=category, title="Green tea in Lisbon", region_code="PT",
    body="Where do you buy good green tea here?",
)
bos = forum.start_thread(
    author=bo, category=category, title="成都的火锅", region_code="CN",
    body="周末一起去吃火锅吗？我知道一家很好吃的店。",
)
forum.add_reply(author=bo, thread=anas, region_code="CN", body="我常去唐人街的茶叶店，绿茶很新鲜。")
forum.add_reply(author=ana, thread=bos, region_code="PT", body="I would love to! Which day works?")
conversation = chat.direct_conversation(sender=bo, recipient=ana)
chat.send_message(author=bo, conversation=conversation, body="你好！我也喜欢绿茶。",
                  client_id=uuid.uuid4())
chat.accept_request(member=ana, conversation=conversation)
print(conversation.pk, anas.get_absolute_url())
"""


def test_a_blocks_b_through_the_question_and_b_reads_why(open_page, live_site):
    v = "blk"
    live_site.create_member(f"ana_{v}", display_name="Ana")
    live_site.create_member(f"bo_{v}", language="zh-hans", display_name="Bo 波")
    printed = live_site.run_python(WORLD.replace("{v}", v)).strip().splitlines()[-1]
    conversation_id, thread_url = int(printed.split()[0]), printed.split()[1]
    conversation_url = f"/chat/{conversation_id}/"

    # Before the block, at both widths: notifications and profiles in both languages.
    pages = {}
    for language, username, other, browser_language in (
        ("en", f"ana_{v}", f"bo_{v}", "en-US"),
        ("zh-hans", f"bo_{v}", f"ana_{v}", "zh-CN"),
    ):
        for viewport in ("desktop", "phone"):
            page = open_page(language=browser_language, viewport=viewport)
            log_in(page, username, language)
            pages[language, viewport] = page
            page.goto("/notifications/")
            if language == "en":
                expect(page.locator(".notification").first).to_be_visible()
                expect(page.get_by_text("welcomed you 👋")).to_be_visible()
                expect(page.locator(".notification-preview").first).to_contain_text("绿茶")
            else:
                expect(page.locator(".notification-preview").first).to_contain_text("love to")
            check_page(page, language, "notifications", viewport)
            page.goto(f"/members/{other}/")
            expect(page.locator(".profile-actions")).to_be_visible()
            check_page(page, language, "profile", viewport)
            # The less-used actions open from the ⋯ button, by keyboard as well.
            page.locator("summary", has_text=t("More actions", language)).focus()
            page.keyboard.press("Enter")
            block = page.get_by_role("link", name=t("Block", language), exact=True)
            expect(block).to_be_visible()
            expect(page.get_by_role("link", name=t("Report", language), exact=True)).to_be_visible()
            check_page(page, language, "profile-menu", viewport)
    # The question page at the width the phone test does not cover (it is not answered).
    desktop = pages["zh-hans", "desktop"]
    desktop.goto(f"/members/ana_{v}/")
    desktop.locator("summary", has_text=t("More actions", "zh-hans")).click()
    desktop.get_by_role("link", name=t("Block", "zh-hans"), exact=True).click()
    check_page(desktop, "zh-hans", "block-confirm", "desktop")
    pages["en", "desktop"].goto(f"/chat/block/bo_{v}/")
    check_page(pages["en", "desktop"], "en", "block-confirm", "desktop")

    # On a phone, Ana blocks Bo: the ⋯ menu, Block, the question, Block.
    ana = pages["en", "phone"]
    block_from_profile(ana, f"bo_{v}", "en", screenshot_as="block-confirm")
    ana.goto("/chat/")
    row = ana.locator(f'[data-conversation-row="{conversation_id}"]')
    expect(row).to_contain_text(t("A message from a member you blocked."))
    expect(row).not_to_contain_text("绿茶")

    # Bo, on his phone, reads why before typing anything: on her thread, in the
    # conversation, on her profile.
    bo = pages["zh-hans", "phone"]
    bo.goto(thread_url)
    expect(bo.locator(".reply-refusal")).to_have_text(
        t("You cannot reply to this member.", "zh-hans")
    )
    expect(bo.locator("#reply textarea")).to_have_count(0)
    check_page(bo, "zh-hans", "thread-blocked", "phone")
    bo.goto(conversation_url)
    expect(bo.locator(".chat-refusal")).to_have_text(
        t("You cannot message this member.", "zh-hans")
    )
    expect(bo.locator("#composer")).to_have_count(0)
    check_page(bo, "zh-hans", "chat-blocked", "phone")
    bo.goto(f"/members/ana_{v}/")
    expect(bo.locator(".profile-refusal")).to_have_text(
        t("You cannot message this member.", "zh-hans")
    )
    expect(bo.get_by_role("link", name=t("Message", "zh-hans"), exact=True)).to_have_count(0)
    check_page(bo, "zh-hans", "profile-blocked", "phone")
