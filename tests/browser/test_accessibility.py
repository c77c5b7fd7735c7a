"""Accessibility checked by a real engine: axe-core on the pages a newcomer meets on the first
day, in English and Chinese, at 390 px and 1280 px. No serious or critical violation of the
WCAG 2.x A and AA rules, in the light theme and the dark one (each page again in dark, in each
language at one of the two widths: the loaded page is re-emulated, not loaded again), with
screenshots of both themes to look at. Then the theme setting itself, on a light device and a
dark one.

axe-core comes with the axe-playwright-python package, which puts the script into the page
with `page.evaluate`: a script run from the driver, not a <script> element, so the site's
Content-Security-Policy (no inline scripts) stays on as it is for members.
"""

import json
import re
from dataclasses import dataclass, field

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.browser.conftest import PASSWORD, VIEWPORTS, screenshot
from tests.browser.steps import log_in
from tests.browser.ui_text import t

# All of this file's tests run in one test process: the cast is seeded once, and the
# session cookies of its members are reused from test to test.
pytestmark = pytest.mark.xdist_group("accessibility")

WCAG_A_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
BLOCKING = {"serious", "critical"}
LOCALES = {"en": "en-US", "zh-hans": "zh-CN"}
HTML_LANG = {"en": "en", "zh-hans": "zh-Hans"}
# Checked in the dark theme too: each language at one width (both widths in all).
DARK_TOO = {("en", "phone"), ("zh-hans", "desktop")}
COLOUR_RULES = {"type": "rule", "values": ["color-contrast", "link-in-text-block"]}
# The page's background (--paper) in each palette of static/css/halfway.css.
PAPER = {"light": "rgb(250, 246, 243)", "dark": "rgb(26, 21, 19)"}

# Per interface language: a reader (a member with a thread, replies to it, a conversation and
# a message request waiting) and a moderator with a report in the queue.
CAST = """
from allauth.account.models import EmailAddress
from accounts import services as accounts
from accounts.models import Member
from chat import services as chat
from forum import services as forum
from forum.models import Category
from moderation import services as moderation

def member(username, name, language, **extra):
    found = Member.objects.filter(username=username).first()
    if found:
        return found
    member = Member.objects.create_user(
        username=username, email=username + "@example.com", password={password!r}, **extra
    )
    EmailAddress.objects.create(user=member, email=member.email, verified=True, primary=True)
    accounts.start_membership(member=member, language=language, region_code="US")
    accounts.update_profile(
        member=member, display_name=name, bio="Likes **tea** and long walks. 喜欢喝茶。",
        languages_spoken=["en", "zh"], languages_learning=["ja"], interests=[],
    )
    return member

for language in ("en", "zh-hans"):
    suffix = language[:2]
    reader = member("ax_reader_" + suffix, "Reader " + suffix, language)
    friend = member("ax_friend_" + suffix, "小明 " + suffix, "zh-hans")
    stranger = member("ax_stranger_" + suffix, "Stranger " + suffix, "en")
    moderator = member("ax_mod_" + suffix, "Moderator " + suffix, language, is_staff=True)
    if reader.threads.exists():
        continue
    thread = forum.start_thread(
        author=reader, category=Category.objects.get(slug="daily-life"),
        title="Accessible thread " + suffix, body="Where do you buy **good** tea?",
        region_code="US",
    )
    reply = forum.add_reply(
        author=friend, thread=thread, body="@" + reader.username + " 我常去茶叶市场。",
        region_code="CN",
    )
    forum.toggle_reaction(member=reader, post=reply, kind="heart")
    forum.follow_member(follower=reader, member=friend, follow=True)
    conversation = chat.direct_conversation(sender=reader, recipient=friend)
    chat.accept_request(member=friend, conversation=conversation)
    for author, body, n in [
        (reader, "Hello! Is the tea market open on Sunday?", 1),
        (friend, "星期天也开门，早上人少。", 2),
        (reader, "Thank you, see you there.", 3),
    ]:
        chat.send_message(
            author=author, conversation=conversation, body=body,
            client_id="00000000-0000-4000-8000-%012d" % (n + (0 if suffix == "en" else 10)),
        )
    request = chat.direct_conversation(sender=stranger, recipient=reader)
    chat.send_message(
        author=stranger, conversation=request, body="Hi, can we practise Chinese together?",
        client_id="00000000-0000-4000-8000-%012d" % (100 + (0 if suffix == "en" else 10)),
    )
    moderation.file_report(
        reporter=reader, target=moderation.Target.of_post(reply), reason="harassment",
        note="Please have a look.",
    )

import json
from chat.models import Conversation
from forum.models import Thread
paths = {{}}
for suffix in ("en", "zh"):
    reader = Member.objects.get(username="ax_reader_" + suffix)
    friend = Member.objects.get(username="ax_friend_" + suffix)
    key = Conversation.key_for(reader.pk, friend.pk)
    paths["chat-" + suffix] = f"/chat/{{Conversation.objects.get(direct_key=key).pk}}/"
    thread = Thread.objects.get(title="Accessible thread " + suffix)
    paths["thread-" + suffix] = thread.get_absolute_url()
print(json.dumps(paths))
"""


@dataclass
class Cast:
    paths: dict  # the thread and the conversation, by interface language
    sessions: dict = field(default_factory=dict)  # signed-in browser state, by member


@pytest.fixture(scope="module")
def cast(live_site):
    output = live_site.run_python(CAST.format(password=PASSWORD))
    return Cast(paths=json.loads(output.strip().splitlines()[-1]))


def page_as(browser, live_site, cast, username: str, language: str, viewport: str):
    """A page signed in as `username`; signing in happens once per member and test process."""
    context = browser.new_context(
        base_url=live_site.url,
        locale=LOCALES[language],
        viewport=VIEWPORTS[viewport],
        extra_http_headers={"Accept-Language": LOCALES[language]},
        storage_state=cast.sessions.get(username),
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    if username not in cast.sessions:
        log_in(page, username, language)
        cast.sessions[username] = context.storage_state()
    return page


def open_and_wait(page, name: str, cast: Cast, language: str) -> None:
    """Go to the page and wait for what a member would wait for before using it."""
    suffix = language[:2]
    if name == "home":
        page.goto("/")
        expect(page.get_by_role("link", name=f"Accessible thread {suffix}")).to_be_visible()
    elif name == "thread":
        page.goto(cast.paths[f"thread-{suffix}"])
        expect(page.locator("#post-2")).to_be_visible()
    elif name == "introduction-form":
        page.goto("/introductions/mine/")
        expect(page.locator("main form")).to_be_visible()
    elif name == "chat":
        page.goto(cast.paths[f"chat-{suffix}"])
        expect(page.locator("#message-list")).to_contain_text("see you there")
        expect(page.locator("body")).to_have_attribute("data-realtime", "open")
    elif name == "requests":
        page.goto("/chat/requests/")
        expect(page.locator(".request-card").first).to_be_visible()
    elif name == "profile":
        page.goto(f"/members/ax_friend_{suffix}/")
        expect(page.get_by_role("heading", name=f"小明 {suffix}")).to_be_visible()
    elif name == "notifications":
        page.goto("/notifications/")
        expect(page.locator(".notification").first).to_be_visible()
    elif name == "moderation-queue":
        page.goto("/moderation/")
        expect(page.locator("article.case").first).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", HTML_LANG[language])


def describe(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        targets = [" ".join(node["target"]) for node in violation["nodes"][:4]]
        more = len(violation["nodes"]) - len(targets)
        lines.append(
            f"- {violation['id']} ({violation['impact']}): {violation['help']}\n"
            f"    on {targets}" + (f" and {more} more" if more > 0 else "")
        )
    return "\n".join(lines)


PAGES = [
    "home",
    "thread",
    "introduction-form",
    "chat",
    "requests",
    "profile",
    "notifications",
    "moderation-queue",
]


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
@pytest.mark.parametrize("language", ["en", "zh-hans"])
@pytest.mark.parametrize("name", PAGES)
def test_no_serious_or_critical_accessibility_violations(
    browser, live_site, cast, name, language, viewport
):
    suffix = language[:2]
    who = f"ax_mod_{suffix}" if name == "moderation-queue" else f"ax_reader_{suffix}"
    page = page_as(browser, live_site, cast, who, language, viewport)
    open_and_wait(page, name, cast, language)

    themes = ["light", "dark"] if (language, viewport) in DARK_TOO else ["light"]
    for theme in themes:
        page.emulate_media(color_scheme=theme)  # the cast's members match their device
        assert background(page) == PAPER[theme]
        # The dark theme changes colours only: its pass runs the rules about colour.
        rules = {"type": "tag", "values": WCAG_A_AA} if theme == "light" else COLOUR_RULES
        results = Axe().run(page, options={"runOnly": rules})
        violations = results.response["violations"]
        # With -s, one line per page for the record (docs and the closing note quote them).
        found = ", ".join(f"{v['id']} ({v['impact']}, {len(v['nodes'])})" for v in violations)
        print(f"axe {name} {language} {viewport} {theme}: {found or 'no violations'}")
        blocking = [v for v in violations if v["impact"] in BLOCKING]
        assert blocking == [], f"{name} ({language}, {viewport}, {theme}):\n{describe(blocking)}"
        if theme == "dark":
            screenshot(page, f"a11y-{name}-{suffix}-{viewport}-dark")


def background(page) -> str:
    return page.evaluate("getComputedStyle(document.body).backgroundColor")


def theme_label(theme: str) -> str:
    """The Appearance section's words for a theme (Member.Theme)."""
    if theme == "system":
        return t("Match my device")
    return t(theme.capitalize(), context="theme")


def save_theme(page, theme: str) -> None:
    page.get_by_label(theme_label(theme), exact=True).check()
    page.get_by_role("button", name=t("Save theme")).click()
    expect(page.get_by_text(t("Your theme is saved."))).to_be_visible()


def test_the_theme_follows_the_device_until_the_member_chooses_one(browser, live_site, cast):
    """Settings → Appearance: "Dark" darkens every page on a light device, "Light" lightens
    them on a dark one, and "Match my device" hands the choice back to the device."""
    page = page_as(browser, live_site, cast, "ax_stranger_en", "en", "desktop")
    html = page.locator("html")
    page.goto("/settings/#appearance")
    expect(page.get_by_label(theme_label("system"), exact=True)).to_be_checked()
    for device in ("light", "dark"):
        page.emulate_media(color_scheme=device)
        assert background(page) == PAPER[device], f"on a {device} device"

    page.emulate_media(color_scheme="light")
    save_theme(page, "dark")
    expect(html).to_have_attribute("data-theme", "dark")
    assert background(page) == PAPER["dark"]
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_A_AA}})
    blocking = [v for v in results.response["violations"] if v["impact"] in BLOCKING]
    assert blocking == [], f"settings (dark):\n{describe(blocking)}"
    screenshot(page, "a11y-settings-en-desktop-dark")
    page.goto(cast.paths["thread-en"])  # every page, not only the one it was chosen on
    assert background(page) == PAPER["dark"]

    page.goto("/settings/#appearance")
    page.emulate_media(color_scheme="dark")
    save_theme(page, "light")
    expect(html).to_have_attribute("data-theme", "light")
    assert background(page) == PAPER["light"]

    save_theme(page, "system")
    expect(html).not_to_have_attribute("data-theme", re.compile(".*"))
    for device in ("light", "dark"):
        page.emulate_media(color_scheme=device)
        assert background(page) == PAPER[device], f"on a {device} device"
