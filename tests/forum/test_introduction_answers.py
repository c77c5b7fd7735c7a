"""An introduction's answers are the member's own words: the labels above them ("Where I am
from", "What I would love to learn") are the page's, in each reader's language, never stored
in the post and never sent to DeepL. Introductions written before, with English labels in
their text, are turned back into answers by a data migration."""

import importlib

import pytest
from django.apps import apps
from django.urls import reverse

from core.markup import render_markdown
from tests.factories import introduction_by, reply_by, thread_by
from tests.html import form_values

pytestmark = pytest.mark.django_db

HTMX = {"hx-request": "true"}
LABELS = {
    "en": ("Where I am from", "What I would love to learn"),
    "zh-hans": ("我来自哪里", "我想了解的"),
}
ALL_LABELS = [label for labels in LABELS.values() for label in labels]


def test_the_post_holds_the_members_words_and_each_reader_sees_labels_in_their_language(
    member, other_member, client_for
):
    introduction = introduction_by(member)
    opening = introduction.thread.posts.get(number=1)
    for label in ALL_LABELS:
        assert label not in opening.body and label not in opening.body_html
    assert opening.body == "Nurse, knitter, and Biscuit's human."

    url = introduction.thread.get_absolute_url()
    # An English reader first, then a Chinese one, then English again: a kept fragment of
    # the post is never served in the other language.
    for reader, language in [(member, "en"), (other_member, "zh-hans"), (member, "en")]:
        page = client_for(reader).get(url).content.decode()
        where, hope = LABELS[language]
        assert f"<dt>{where}</dt>" in page and f"<dt>{hope}</dt>" in page
        for other in ALL_LABELS:
            if other not in LABELS[language]:
                assert other not in page
        assert "Austin, Texas" in page and "How families celebrate Spring Festival." in page


def test_search_finds_an_introduction_by_its_answers_and_shows_no_label(member, anonymous):
    introduction_by(member)
    page = anonymous.get(reverse("forum:search"), {"q": "Austin"}).content.decode()
    assert "Hi from Texas, cat person!" in page
    for label in ALL_LABELS:
        assert label not in page


def test_translating_an_introduction_sends_the_answers_without_labels(
    deepl, member, other_member, client_for, django_capture_on_commit_callbacks
):
    introduction = introduction_by(member)
    opening = introduction.thread.posts.get(number=1)
    client = client_for(other_member)  # reads Chinese
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("forum:post-translate", args=[opening.pk]), headers=HTMX)
    sent = [text for request in deepl.translate_requests for text in request["text"]]
    assert any("Austin, Texas" in text for text in sent)
    assert any("Spring Festival" in text for text in sent)
    assert any("Biscuit" in text for text in sent)
    for text in sent:
        for label in ALL_LABELS:
            assert label not in text

    # Now kept: the click answers at once, each answer translated under the reader's label.
    answered = client.post(
        reverse("forum:post-translate", args=[opening.pk]), headers=HTMX
    ).content.decode()
    assert 'id="post-1-where-from-translation"' in answered
    assert "[ZH-HANS] Austin, Texas" in answered
    assert "[ZH-HANS] How families celebrate Spring Festival." in answered
    page = client.get(introduction.thread.get_absolute_url()).content.decode()
    assert "<dt>我来自哪里</dt>" in page and "<dt>我想了解的</dt>" in page


def test_translating_the_whole_thread_page_includes_the_answers(
    deepl, member, other_member, client_for, django_capture_on_commit_callbacks
):
    introduction = introduction_by(member)
    client = client_for(other_member)
    url = reverse("forum:thread-translate-page", args=[introduction.thread_id])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, headers=HTMX)
    answered = client.post(url, headers=HTMX).content.decode()
    assert "[ZH-HANS] Austin, Texas" in answered
    assert 'id="post-1-hope-to-learn-translation"' in answered
    for label in ALL_LABELS:
        assert label not in answered


def test_the_edit_link_of_ones_introduction_opens_its_guided_form(member, client_for):
    introduction = introduction_by(member)
    opening = introduction.thread.posts.get(number=1)
    response = client_for(member).get(reverse("forum:post-edit", args=[opening.pk]))
    assert response["Location"] == reverse("forum:introduction-mine")
    form = client_for(member).get(response["Location"]).content.decode()
    values = form_values(form)
    assert values["where_from"] == "Austin, Texas"
    assert values["who_i_am"] == "Nurse, knitter, and Biscuit's human."


# The data migration ------------------------------------------------------------------------

migration = importlib.import_module("forum.migrations.0012_introduction_answers_out_of_the_body")

OLD_ENGLISH = (
    "Night-shift nurse. **Biscuit** supervises.\n\n"
    "**Where I am from:** Austin, Texas\n\n"
    "**What I would love to learn:** How families celebrate\nSpring Festival."
)
OLD_CHINESE = "在上海拍猫、做饭。\n\n**我来自哪里:** 上海"


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            OLD_ENGLISH,
            (
                "Night-shift nurse. **Biscuit** supervises.",
                "Austin, Texas",
                "How families celebrate\nSpring Festival.",
            ),
        ),
        (OLD_CHINESE, ("在上海拍猫、做饭。", "上海", "")),
    ],
)
def test_the_migration_takes_the_answers_out_of_an_old_body(member, body, expected):
    introduction = introduction_by(member)
    opening = introduction.thread.posts.get(number=1)
    # As forum.services wrote an introduction before: labels and answers in the text.
    opening.body, opening.body_html = body, render_markdown(body)
    opening.save(update_fields=["body", "body_html"])

    migration.take_answers_out_of_bodies(apps, None)

    opening.refresh_from_db()
    introduction.refresh_from_db()
    who, where, _hope = expected
    assert opening.body == who
    assert opening.body_html == render_markdown(who)
    assert (introduction.who_i_am, introduction.where_from, introduction.hope_to_learn) == expected
    assert where.split(",")[0].lower() in opening.search_document.lower()
    for label in ALL_LABELS:
        assert label not in opening.body_html

    migration.take_answers_out_of_bodies(apps, None)  # a second run changes nothing
    opening.refresh_from_db()
    assert opening.body == who


def test_the_migration_leaves_a_body_not_in_the_old_format(member):
    assert migration.split_old_body("Just my words.", "<p>Just my words.</p>\n") is None


# "Translate anyway" -----------------------------------------------------------------------


def test_no_translate_anyway_under_ones_own_post(member, other_member, client_for):
    thread = thread_by(other_member, title="Cats", body="My cat sleeps all day.")
    reply_by(member, thread, body="Mine too, on the radiator.")
    page = client_for(member).get(thread.get_absolute_url()).content.decode()
    # The other member's English post still offers it, quietly; the reader's own does not.
    theirs, mine = (
        page[page.index('id="post-1"') : page.index('id="post-2"')],
        page[page.index('id="post-2"') :],
    )
    assert "Translate anyway" in theirs
    assert "Translate anyway" not in mine
    assert 'id="post-2-translation"' in mine  # still there for "Translate this thread"
