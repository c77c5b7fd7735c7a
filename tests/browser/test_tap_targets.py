"""Primary controls are at least 44 × 44 CSS px (Apple's guidance and WCAG 2.5.5) on home, a
thread, a conversation, a profile and the notifications: on a 390 px phone in both languages,
and at 1280 px."""

import pytest
from playwright.sync_api import expect

from tests.browser.steps import check_page, log_in

SETUP = """
from accounts.models import Member
from chat import services as chat
from forum import feed_settings, services as forum
from forum.models import Category
en = Member.objects.get(username="tap_en")
zh = Member.objects.get(username="tap_zh")
if not zh.threads.exists():
    thread = forum.start_thread(
        author=zh, category=Category.objects.get(slug="food"),
        title="上海的早餐，你们喜欢哪一种？", body="我最喜欢生煎包和豆浆。你们呢？",
        region_code="CN",
    )
    forum.add_reply(author=en, thread=thread, body="Scallion pancakes, every time.",
                    region_code="US")
    forum.follow_member(follower=en, member=zh, follow=True)
    forum.follow_member(follower=zh, member=en, follow=True)
    feed_settings.save_feed_settings(
        member=en, languages=[], muted_categories=[Category.objects.get(slug="pets")],
        only_following=False, emphasised_regions=[], hidden_regions=[],
    )
    conversation = chat.direct_conversation(sender=zh, recipient=en)
    chat.send_message(author=zh, conversation=conversation, client_id=None,
                      body="你好！我也很喜欢吃早餐，尤其是生煎包。")
    chat.send_message(author=en, conversation=conversation, client_id=None,
                      body="Hello! Scallion pancakes are my favourite breakfast too.")
print("PLACES", zh.threads.first().pk, chat.direct_conversation(sender=en, recipient=zh).pk)
"""

# The primary controls of each page, by selector; every match is measured.
HEADER = [
    ".language-switcher button",  # EN, 中文
    ".site-header .icon-button",  # chat, notifications
    ".account-menu summary",
    ".site-nav a",
    "#site-search-input",
]
CONTROLS = {
    "home": [
        *HEADER,
        ".tabs a",
        ".feed-chip-remove",
        ".feed-settings-link",
        ".forum-aside a.button",  # Start a thread
    ],
    "thread": [
        *HEADER,
        ".thread-actions .button",  # Translate this thread, Side by side, Follow thread
        ".post .translate-button",
        "button.reaction",
        ".post-tools .tool",  # Quote, Edit, Report
        ".reply-card .file-picker",
        ".reply-card button[type=submit]",
    ],
    "chat": [
        *HEADER,
        ".chat-back",
        ".chat-pane-actions .button",  # Translate automatically
        ".message .translate-button",
        ".composer-photos",
        ".composer button[type=submit]",  # Send
    ],
    "profile": [
        *HEADER,
        ".profile-actions .button",  # Follow, Message, the ⋯ menu (Block, Report)
    ],
    "notifications": [
        *HEADER,
        ".notification-read",  # Mark read (an icon)
        "form[action$='/notifications/read/'] .button",  # Mark all read
    ],
}

PHONE_ONLY = {".chat-back"}  # the conversation list stands beside the conversation on a desktop


@pytest.fixture(scope="module")
def places(live_site):
    live_site.create_member("tap_en", display_name="Tap")
    live_site.create_member("tap_zh", language="zh-hans", display_name="小塔")
    output = live_site.run_python(SETUP)
    thread_id, conversation_id = output.split("PLACES")[-1].split()
    return {
        "home": "/",
        "thread": f"/t/{thread_id}/",
        "chat": f"/chat/{conversation_id}/",
        "notifications": "/notifications/",
    }


@pytest.mark.parametrize(
    ("language", "viewport"), [("en", "phone"), ("zh-hans", "phone"), ("en", "desktop")]
)
def test_primary_controls_are_at_least_44_px(open_page, places, language, viewport):
    page = open_page(language={"en": "en-US", "zh-hans": "zh-CN"}[language], viewport=viewport)
    me, other = ("tap_en", "tap_zh") if language == "en" else ("tap_zh", "tap_en")
    log_in(page, me, language)
    too_small = []
    for name, url in {**places, "profile": f"/members/{other}/"}.items():
        page.goto(url)
        for selector in CONTROLS[name]:
            if viewport == "desktop" and selector in PHONE_ONLY:
                continue
            if viewport == "phone" and name == "chat" and selector in HEADER:
                continue  # an open conversation is the whole screen; the site header steps aside
            controls = page.locator(selector)
            expect(controls.first).to_be_visible()
            boxes = [controls.nth(index).bounding_box() for index in range(controls.count())]
            # With -s, the smallest of each kind, for the record.
            smallest = min(boxes, key=lambda box: min(box["width"], box["height"]))
            print(
                f"tap {language} {viewport} {name} {selector}: "
                f"{smallest['width']:.0f} × {smallest['height']:.0f} (of {len(boxes)})"
            )
            for index, box in enumerate(boxes):
                if box["width"] < 44 or box["height"] < 44:
                    size = f"{box['width']:.0f} × {box['height']:.0f}"
                    too_small.append(f"{name}: {selector} #{index + 1} is {size}")
        check_page(page, language, f"tap-targets-{name}", viewport)
    assert too_small == []
