"""A conversation on a phone feels like a messaging app: it fills the screen with the composer on
the bottom edge, one sender's run of messages shows the name and avatar once (live messages join
the run), the region tag shows in the header and on a message only where it changes, and the
page breaks no rule of the Content-Security-Policy."""

import re

from playwright.sync_api import expect

from tests.browser.steps import check_page, log_in
from tests.browser.ui_text import t

US_ADDRESS = "8.8.8.8"
CHINA_ADDRESS = "114.114.114.114"

# Every violation the page reports, kept on window for the test to read.
RECORD_CSP_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.cspViolations.push(`${event.violatedDirective} ${event.sourceFile}:${event.lineNumber}`);
});
"""

# Xiaomei writes three messages in a row from Chengdu; Tom answers once.
CONVERSATION = """
import uuid
from accounts.models import Member
from chat import services
tom = Member.objects.get(username="tom_g")
mei = Member.objects.get(username="xiaomei_g")
Member.objects.filter(pk=mei.pk).update(region_code="CN")
conversation = services.direct_conversation(sender=mei, recipient=tom)
services.accept_request(member=tom, conversation=conversation)
for author, body in [
    (mei, "你好 Tom! Welcome to Chengdu."),
    (mei, "If you like noodles, try 甜水面 near Wenshu Monastery."),
    (mei, "It is sweet and a little spicy, not too much 😄"),
    (tom, "Thank you! I will go there on Saturday."),
]:
    services.send_message(
        author=author, conversation=conversation, body=body,
        client_id=str(uuid.uuid4()), region_code="CN" if author == mei else "US",
    )
print(conversation.pk)
"""

FROM_ABROAD = """
import uuid
from accounts.models import Member
from chat import services
from chat.models import Conversation
services.send_message(
    author=Member.objects.get(username="xiaomei_g"),
    conversation=Conversation.objects.get(pk={conversation_id}),
    body="Now in San Francisco for a week!", client_id=str(uuid.uuid4()), region_code="US",
)
"""

# What a reader sees: not hidden, not clipped to nothing as a screen-reader-only label is.
SHOWN = """(elements) => elements.filter((element) => {
  const box = element.getBoundingClientRect();
  const style = getComputedStyle(element);
  return box.width > 1 && box.height > 1 && style.visibility !== "hidden"
    && style.clip !== "rect(0px, 0px, 0px, 0px)";
}).length"""


def shown(locator) -> int:
    return locator.evaluate_all(SHOWN)


def test_a_conversation_on_a_phone_reads_like_a_messaging_app(open_page, live_site):
    live_site.create_member("tom_g", display_name="Tom")
    live_site.create_member("xiaomei_g", language="zh-hans", display_name="小美")
    conversation_id = int(live_site.run_python(CONVERSATION).strip().splitlines()[-1])

    tom = open_page(viewport="phone", writes_from=US_ADDRESS)
    tom.add_init_script(RECORD_CSP_VIOLATIONS)
    log_in(tom, "tom_g")
    tom.goto(f"/chat/{conversation_id}/")
    history = tom.locator("#message-list")
    expect(history).to_contain_text("not too much")

    # The conversation is the screen: no site header, the composer on the bottom edge, and
    # the history gets the rest. Of 844 px, the conversation's header and the composer need
    # about 160; the old layout, under the site's header and search, left history 43 % of
    # the height (360 px). More than 55 % allows for a header or composer that wraps.
    expect(tom.locator(".site-header")).to_be_hidden()
    expect(tom.get_by_role("link", name=t("All conversations"))).to_be_visible()
    viewport = tom.viewport_size
    composer = tom.locator("#composer").bounding_box()
    assert abs(composer["y"] + composer["height"] - viewport["height"]) <= 1
    assert history.bounding_box()["height"] > 0.55 * viewport["height"]

    # Her three messages are one run: her name and avatar once. Her region is in the header
    # and on none of her messages, which were all written from there.
    hers = history.locator(".message:not(.message-mine)")
    expect(hers).to_have_count(3)
    assert shown(hers.locator(".message-author")) == 1
    assert shown(hers.locator(".message-avatar")) == 1
    china = t("IP region: %(region)s") % {"region": "China"}
    expect(tom.locator(".chat-pane-header .region-tag")).to_have_text(china)
    assert shown(history.locator(".region-tag")) == 0

    # She writes again, live, from Chengdu: the message joins her run under his.
    mei = open_page(language="zh-CN", writes_from=CHINA_ADDRESS)
    mei.add_init_script(RECORD_CSP_VIOLATIONS)
    log_in(mei, "xiaomei_g", "zh-hans")
    mei.goto(f"/chat/{conversation_id}/")
    for page in (tom, mei):
        expect(page.locator("body")).to_have_attribute("data-realtime", "open")
    box = mei.get_by_label(t("Message", "zh-hans"), exact=True)
    box.fill("周六见！")
    box.press("Enter")
    expect(box).to_be_empty()  # sent: the box is ready for the next one
    box.fill("我带你去 🍜")
    box.press("Enter")
    expect(hers).to_have_count(5)
    expect(hers.last).to_contain_text("我带你去")
    assert shown(hers.locator(".message-author")) == 2  # a new run after his message
    assert shown(hers.last.locator(".message-author")) == 0  # the live one joined the run
    expect(hers.last).to_have_class(re.compile(r"\bmessage-continues\b"))
    assert shown(history.locator(".region-tag")) == 0

    # Written from somewhere else, a message shows her region, once.
    live_site.run_python(FROM_ABROAD.format(conversation_id=conversation_id))
    tom.reload()
    expect(hers).to_have_count(6)
    usa = t("IP region: %(region)s") % {"region": "United States"}
    expect(hers.last.locator(".region-tag")).to_have_text(usa)
    assert shown(history.locator(".region-tag")) == 1
    assert shown(hers.last.locator(".region-tag")) == 1
    assert shown(hers.locator(".message-author")) == 2

    for page, language in ((tom, "en"), (mei, "zh-hans")):
        assert page.evaluate("window.cspViolations") == [], language
    check_page(tom, "en", "chat-conversation", "phone")
    check_page(mei, "zh-hans", "chat-conversation", "desktop")

    # The composer looks like the site's other fields and grows with what is written (after
    # her page's check, which his typing would give "Tom is typing…").
    field = tom.get_by_label(t("Message"), exact=True)
    font, border, field_line = field.evaluate(
        "(box) => [getComputedStyle(box).fontFamily, getComputedStyle(box).borderTopColor,"
        " getComputedStyle(document.documentElement).getPropertyValue('--field-line').trim()]"
    )
    assert "monospace" not in font
    red, green, blue = (int(field_line[i : i + 2], 16) for i in (1, 3, 5))
    assert border == f"rgb({red}, {green}, {blue})"  # the site's field border, in either theme
    one_line = field.bounding_box()["height"]
    field.fill("one\ntwo\nthree")
    assert field.bounding_box()["height"] > one_line * 1.8
    field.fill("")

    for page, language, username in (
        (open_page(language="zh-CN", viewport="phone"), "zh-hans", "xiaomei_g"),
        (open_page(), "en", "tom_g"),
    ):
        page.add_init_script(RECORD_CSP_VIOLATIONS)
        log_in(page, username, language)
        page.goto(f"/chat/{conversation_id}/")
        expect(page.locator("#message-list")).to_contain_text("San Francisco")
        viewport = "phone" if page.viewport_size["width"] < 500 else "desktop"
        assert page.evaluate("window.cspViolations") == [], f"{language} {viewport}"
        check_page(page, language, "chat-conversation", viewport)

    # Her English messages are in his language: "Translate anyway" waits out of sight until
    # he points at (or taps, or tabs to) one message, instead of sitting on every bubble.
    newest = page.locator(".message:not(.message-mine)").last
    offer = newest.locator(
        ".translation", has=page.get_by_role("button", name=t("Translate anyway"))
    )
    assert offer.bounding_box()["width"] <= 1
    newest.locator(".message-bubble").hover()
    assert offer.bounding_box()["width"] > 40


GROUP = """
import uuid
from accounts.models import Member
from chat import services
tom = Member.objects.get(username="tom_gg")
ann = Member.objects.get(username="ann_gg")
bo = Member.objects.get(username="bo_gg")
group = services.create_group(creator=tom, title="Noodle club", members=[ann, bo])
for author, body in [(ann, "Who is coming?"), (ann, "Saturday noon"), (bo, "Me!"), (bo, "Me too")]:
    services.send_message(
        author=author, conversation=group, body=body, client_id=str(uuid.uuid4())
    )
print(group.pk)
"""


def test_a_group_groups_each_senders_run(open_page, live_site):
    for username, name in (("tom_gg", "Tom"), ("ann_gg", "Ann"), ("bo_gg", "Bo")):
        live_site.create_member(username, display_name=name)
    group_id = int(live_site.run_python(GROUP).strip().splitlines()[-1])
    page = open_page(viewport="phone")
    log_in(page, "tom_gg")
    page.goto(f"/chat/{group_id}/")
    messages = page.locator("#message-list .message")
    expect(messages).to_have_count(4)
    names = messages.locator(".message-author")
    assert shown(names) == 2
    assert [shown(message.locator(".message-author")) for message in messages.all()] == [
        1, 0, 1, 0
    ]  # fmt: skip
