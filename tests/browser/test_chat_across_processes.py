"""Two web processes, as `docker compose up --scale web=2` runs them: a message sent through
one reaches, live, a member whose page is connected to the other, and back."""

from playwright.sync_api import expect

from tests.browser.steps import log_in
from tests.browser.ui_text import t

CONVERSATION = """
from accounts.models import Member
from chat import services
from forum import services as forum_services
ana = Member.objects.get(username="ana_p")
bo = Member.objects.get(username="bo_p")
forum_services.follow_member(follower=bo, member=ana, follow=True)
conversation = services.direct_conversation(sender=ana, recipient=bo)
print(conversation.pk)
"""

# A message whose live frame never reaches anyone, as when a layer drops it under load.
LOST_FRAME = """
import uuid
from accounts.models import Member
from chat.models import Conversation, Message
from core.markup import render_markdown
conversation = Conversation.objects.get(pk={conversation_id})
message = Message.objects.create(
    conversation=conversation, author=Member.objects.get(username="ana_p"),
    body="The frame of this one was lost",
    body_html=render_markdown("The frame of this one was lost"),
    client_id=uuid.uuid4(),
)
Conversation.objects.filter(pk=conversation.pk).update(
    last_message=message, last_message_at=message.created_at
)
"""


def test_a_message_crosses_from_one_web_process_to_another(open_page, live_site):
    live_site.create_member("ana_p", display_name="Ana")
    live_site.create_member("bo_p", language="zh-hans", display_name="波波")
    conversation_id = int(live_site.run_python(CONVERSATION).strip().splitlines()[-1])
    other_process = live_site.another_web_process()

    ana = open_page()  # the first web process
    log_in(ana, "ana_p")
    ana.goto(f"/chat/{conversation_id}/")
    bo = open_page(language="zh-CN")
    log_in(bo, "bo_p", "zh-hans", site=other_process)
    bo.goto(f"{other_process}/chat/{conversation_id}/")
    assert bo.url.startswith(other_process)
    for page in (ana, bo):
        expect(page.locator("body")).to_have_attribute("data-realtime", "open")

    ana_box = ana.get_by_label(t("Message"), exact=True)
    ana_box.fill("Sent through the first process")
    ana_box.press("Enter")
    expect(bo.locator("#message-list")).to_contain_text("Sent through the first process")
    # Her list had the conversation without a message yet: it asks for the row and shows it.
    expect(bo.locator("#conversation-list")).to_contain_text("Sent through the first process")
    bo_box = bo.get_by_label(t("Message", "zh-hans"), exact=True)
    bo_box.fill("从第二个进程发出")
    bo_box.press("Enter")
    expect(ana.locator("#message-list")).to_contain_text("从第二个进程发出")

    # A frame lost on the way: the next message tells the page, which fetches what it lacks.
    live_site.run_python(LOST_FRAME.format(conversation_id=conversation_id))
    ana_box.fill("And this one arrives normally")
    ana_box.press("Enter")
    bo_list = bo.locator("#message-list")
    expect(bo_list).to_contain_text("And this one arrives normally")
    expect(bo_list).to_contain_text("The frame of this one was lost")
    texts = bo_list.locator(".message-body").all_inner_texts()
    assert texts.index("The frame of this one was lost") < texts.index(
        "And this one arrives normally"
    )
