"""A message whose live frame the channel layer dropped still appears in the open
conversation, without a reload: the next frame's number shows the page one is missing."""

import uuid

from playwright.sync_api import expect

from tests.browser.steps import log_in

CONVERSATION = """
from accounts.models import Member
from chat import services
from forum import services as forum_services
writer = Member.objects.get(username="{writer}")
reader = Member.objects.get(username="{reader}")
forum_services.follow_member(follower=reader, member=writer, follow=True)
print(services.direct_conversation(sender=writer, recipient=reader).pk)
"""

# Sent through the service as the site sends it, with the layer dropping the reader's frame
# (as an overloaded one does); then a badge frame (not a message, so the page cannot tell
# from the conversation's chain of messages) reaches the reader normally.
DROPPED_THEN_ANOTHER_FRAME = """
import uuid
from channels.layers import get_channel_layer
from accounts.models import Member
from chat import services
from chat.models import Conversation
from core import realtime
writer = Member.objects.get(username="{writer}")
reader = Member.objects.get(username="{reader}")
layer = get_channel_layer()
real_group_send = layer.group_send

async def dropping(group, message):
    if group != realtime.member_group(reader.pk):
        await real_group_send(group, message)

layer.group_send = dropping
services.send_message(
    author=writer, conversation=Conversation.objects.get(pk={conversation_id}),
    body="{text}", client_id=uuid.uuid4(),
)
layer.group_send = real_group_send
realtime.publish("chat.unread", to=[reader.pk])
"""


def test_a_message_whose_frame_was_dropped_still_appears_without_a_reload(open_page, live_site):
    run = uuid.uuid4().hex[:6]
    writer, reader = f"gw{run}", f"gr{run}"
    live_site.create_member(writer, display_name=f"Writer {run}")
    live_site.create_member(reader, display_name=f"Reader {run}")
    conversation_id = int(
        live_site.run_python(CONVERSATION.format(writer=writer, reader=reader))
        .strip()
        .splitlines()[-1]
    )
    page = open_page()
    log_in(page, reader)
    page.goto(f"/chat/{conversation_id}/")
    expect(page.locator("body")).to_have_attribute("data-realtime", "open")
    page.evaluate("window.loadedOnce = true")  # gone if the page reloads

    text = f"Dropped on the way {run}"
    live_site.run_python(
        DROPPED_THEN_ANOTHER_FRAME.format(
            writer=writer, reader=reader, conversation_id=conversation_id, text=text
        )
    )
    expect(page.locator("#message-list")).to_contain_text(text)
    assert page.evaluate("window.loadedOnce") is True
