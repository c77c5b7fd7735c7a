"""Choosing photos on a phone: each photo chosen shows as a thumbnail with a × to take it out
before posting, on the introduction form and the reply form; more or larger photos than the
site accepts are refused at once, in the member's language."""

import pytest
from django.conf import settings
from PIL import Image
from playwright.sync_api import expect

from tests.browser.steps import check_page, log_in
from tests.browser.ui_text import t

LANGUAGES = {"en": "en-US", "zh-hans": "zh-CN"}


def landscape_and_portrait(folder):
    """Two photos told apart by their shape once posted."""
    landscape, portrait = folder / "landscape.png", folder / "portrait.png"
    Image.new("RGB", (600, 400), (236, 150, 70)).save(landscape)
    Image.new("RGB", (400, 600), (70, 130, 200)).save(portrait)
    return landscape, portrait


def remove_button(page, number: int, language: str):
    name = t("Remove photo %(number)s", language) % {"number": number}
    return page.get_by_role("button", name=name, exact=True)


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_an_introduction_shows_the_photos_chosen_and_posts_without_the_one_removed(
    open_page, live_site, tmp_path, language
):
    username = "thumbs_" + language[:2]
    live_site.create_member(username, language=language, display_name="Thumbs")
    landscape, portrait = landscape_and_portrait(tmp_path)
    page = open_page(language=LANGUAGES[language], viewport="phone")
    log_in(page, username, language)
    page.goto("/introductions/mine/")
    # The limits are there before anything is chosen.
    with_limits = t(
        "You, your town, your food, your cat: up to %(count)s photos, %(size)s each.", language
    ) % {"count": 9, "size": "8 MB"}
    expect(page.get_by_text(with_limits)).to_be_visible()

    page.get_by_label(t("A title for your introduction", language)).fill("Hello from the coast")
    page.get_by_label(t("Who I am", language)).fill("A sailor who cooks.")
    page.get_by_label(t("Where I am from", language), exact=True).fill("Lisbon")
    page.get_by_role("group", name=t("Languages I speak", language)).get_by_label(
        t("English", language), exact=True
    ).check()
    page.get_by_label(t("Photos", language)).set_input_files([landscape, portrait])
    thumbnails = page.locator(".photo-preview img")
    expect(thumbnails).to_have_count(2)
    expect(remove_button(page, 2, language)).to_be_visible()
    thumbnails.nth(1).scroll_into_view_if_needed()
    check_page(page, language, "introduction-photos-chosen", "phone")

    remove_button(page, 1, language).click()
    expect(thumbnails).to_have_count(1)
    # Focus moves to the remaining photo's button, so a keyboard can go on removing.
    expect(remove_button(page, 1, language)).to_be_focused()
    page.get_by_role("button", name=t("Post my introduction", language)).click()
    images = page.locator("#post-1 .post-images img")
    expect(images).to_have_count(1)
    # The portrait one was kept.
    assert int(images.get_attribute("height")) > int(images.get_attribute("width"))


def test_a_reply_shows_the_photos_chosen_and_refuses_too_many_or_too_large(
    open_page, live_site, tmp_path
):
    live_site.create_member("thumbs_writer", display_name="Writer")
    live_site.create_member("thumbs_reader", display_name="Reader")
    thread_id = (
        live_site.run_python(
            "from accounts.models import Member\n"
            "from forum import services\n"
            "from forum.models import Category\n"
            "thread = services.start_thread(author=Member.objects.get(username='thumbs_writer'),"
            " category=Category.objects.get(slug='food'), title='Show me your breakfast',"
            " body='Photos welcome.', region_code='US')\n"
            "print('THREAD', thread.pk)\n"
        )
        .split("THREAD")[-1]
        .strip()
    )
    landscape, portrait = landscape_and_portrait(tmp_path)
    page = open_page(viewport="phone")
    log_in(page, "thumbs_reader")
    page.goto(f"/t/{thread_id}/")
    expect(
        page.get_by_text(t("Up to %(count)s photos, %(size)s each.") % {"count": 9, "size": "8 MB"})
    ).to_be_visible()
    photos = page.get_by_label(t("Photos"))

    # Ten photos at once: refused, nothing is kept.
    many = []
    for number in range(10):
        path = tmp_path / f"many-{number}.png"
        Image.new("RGB", (40, 40), (number * 20, 90, 90)).save(path)
        many.append(path)
    photos.set_input_files(many)
    expect(page.get_by_role("alert")).to_have_text(
        t("You can add at most %(count)s photos.") % {"count": 9}
    )
    expect(page.locator(".photo-preview")).to_have_count(0)

    # A file over the size limit: refused by name; the other photo of the same choice is kept.
    huge = tmp_path / "huge.png"
    huge.write_bytes(b"\x89PNG" + b"\0" * settings.MAX_UPLOAD_BYTES)
    photos.set_input_files([huge, landscape])
    expect(page.get_by_role("alert")).to_have_text(
        t("%(name)s is larger than %(limit)s. Choose a smaller photo.")
        % {"name": "huge.png", "limit": "8 MB"}
    )
    expect(page.locator(".photo-preview")).to_have_count(1)

    # A second choice adds to the first; the first photo is then taken out with the keyboard.
    photos.set_input_files(portrait)
    expect(page.locator(".photo-preview")).to_have_count(2)
    expect(page.get_by_role("alert")).to_have_count(0)
    remove_button(page, 1, "en").focus()
    page.keyboard.press("Enter")
    expect(page.locator(".photo-preview")).to_have_count(1)
    expect(page.locator(".file-picker [data-photo-count]")).to_have_text(" · 1")

    page.get_by_label(t("Your reply")).fill("Toast and tea.")
    page.get_by_role("button", name=t("Post reply")).click()
    images = page.locator("#post-2 .post-images img")
    expect(images).to_have_count(1)
    assert int(images.get_attribute("height")) > int(images.get_attribute("width"))
    assert page.console_errors == []
