"""On a phone, a member taps a photo in a reply: it opens full-screen, a swipe shows the next
one, two fingers zoom it, Esc closes it and focus goes back to the photo tapped. The viewer is
labelled in the reader's language, and axe finds nothing serious in it. In Chinese."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.browser.steps import check_page, log_in
from tests.browser.test_installable import BLOCKING, WCAG_A_AA
from tests.browser.ui_text import t

THREAD = """
from accounts.models import Member
from forum import services
from forum.models import Category
from tests.factories import cat_photo
author = Member.objects.get(username={author!r})
thread = services.start_thread(
    author=author, category=Category.objects.get(slug="pets"), title="Two sleepy cats",
    body="Who else has a cat that sleeps all day?", region_code="US",
)
services.add_reply(
    author=author, thread=thread, body="Here they are.", region_code="US",
    images=[cat_photo("biscuit.jpg"), cat_photo("mochi.jpg")],
)
print(thread.pk)
"""
LOCALES = {"en": "en-US", "zh-hans": "zh-CN"}

# Two fingers moving apart over the photo: a pinch, as the viewer's pointer handlers read it.
PINCH = """
(stage) => {
  const box = stage.getBoundingClientRect();
  const x = box.left + box.width / 2, y = box.top + box.height / 2;
  const fire = (type, id, dx) => stage.dispatchEvent(new PointerEvent(type, {
    pointerId: id, pointerType: "touch", clientX: x + dx, clientY: y, bubbles: true,
  }));
  fire("pointerdown", 11, -20); fire("pointerdown", 12, 20);
  fire("pointermove", 11, -80); fire("pointermove", 12, 80);
  fire("pointerup", 11, -80); fire("pointerup", 12, 80);
}
"""


@pytest.mark.parametrize(
    "language", ["zh-hans"]
)  # English: tests/halfway/test_photo_viewer_markup.py
def test_photos_open_full_screen_swipe_and_zoom_on_a_phone(open_page, live_site, language):
    author = f"viewer_author_{language[:2]}"
    live_site.create_member(author, display_name="Ana")
    live_site.create_member(f"viewer_me_{language[:2]}", language=language)
    thread_id = int(live_site.run_python(THREAD.format(author=author)).strip().splitlines()[-1])

    page = open_page(language=LOCALES[language], viewport="phone")
    log_in(page, f"viewer_me_{language[:2]}", language)
    page.goto(f"/t/{thread_id}/")
    first = page.locator("#post-2 .post-images a").first
    first.click()

    viewer = page.get_by_role("dialog", name=t("Photo viewer", language))
    expect(viewer).to_be_visible()
    photo = viewer.locator(".photo-viewer-image")
    expect(photo).to_have_attribute("src", first.evaluate("link => link.href"))
    count = "1 of 2" if language == "en" else "第 1 张，共 2 张"
    expect(viewer.locator(".photo-viewer-count")).to_have_text(count)
    assert photo.get_attribute("alt") == ("Photo 1" if language == "en" else "图片 1")
    expect(viewer.get_by_role("button", name=t("Close", language))).to_be_focused()
    violations = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_A_AA}})
    assert [v["id"] for v in violations.response["violations"] if v["impact"] in BLOCKING] == []
    check_page(page, language, "photo-viewer", "phone")

    # A swipe to the left: the next photo.
    box = viewer.locator(".photo-viewer-stage").bounding_box()
    middle_y = box["y"] + box["height"] / 2
    page.mouse.move(box["x"] + box["width"] * 0.8, middle_y)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.2, middle_y, steps=5)
    page.mouse.up()
    second = page.locator("#post-2 .post-images a").nth(1).evaluate("link => link.href")
    expect(photo).to_have_attribute("src", second)
    page.keyboard.press("ArrowLeft")
    expect(photo).to_have_attribute("src", first.evaluate("link => link.href"))

    # Two fingers apart: zoomed in.
    viewer.locator(".photo-viewer-stage").evaluate(PINCH)
    expect(viewer).to_have_attribute("data-zoomed", "true")
    assert "scale(4)" in photo.evaluate("image => image.style.transform")

    page.keyboard.press("Escape")
    expect(viewer).to_be_hidden()
    expect(first).to_be_focused()
