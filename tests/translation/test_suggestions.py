"""Readers fix a bad translation: suggest, bilingual members vote, staff accept for everyone."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from forum.models import Notification
from tests.factories import MemberFactory, reply_by, thread_by
from tests.html import live_dangers
from translation import services
from translation.models import Suggestion, Translation

pytestmark = pytest.mark.django_db

HTMX = {"hx-request": "true"}


@pytest.fixture
def machine_translation(member, other_member):
    """小蓝's reply, machine-translated into English with the name gone wrong."""
    thread = thread_by(member, title="Apps", body="Which app did you come from?")
    post = reply_by(other_member, thread, body="我是从小红书来的。")
    translation = Translation.objects.create(
        source_hash=services.source_hash(post.body_html),
        target_language="en",
        source_html=post.body_html,
        source_language="zh",
        status=Translation.Status.DONE,
        html="<p>I came from Little Red Pen.</p>",
    )
    return post, translation


@pytest.fixture
def bilingual():
    return MemberFactory(username="mei", languages_spoken=["zh", "en"])


@pytest.fixture
def staff():
    return MemberFactory(username="mod", is_staff=True)


def suggest(client, translation, body, **extra):
    return client.post(
        reverse("translation:suggest", args=[translation.pk]),
        {"body": body, "element": "post-2-translation", **extra},
        headers=HTMX,
    )


def test_a_suggestion_voted_and_accepted_replaces_the_translation_for_everyone(
    machine_translation, member, bilingual, staff, client_for, django_capture_on_commit_callbacks
):
    post, translation = machine_translation
    form = client_for(member).get(
        reverse("translation:suggest", args=[translation.pk]) + "?element=post-2-translation",
        headers={**HTMX, "hx-current-url": f"http://testserver{post.get_absolute_url()}"},
    )
    # The form starts from the current translation, so fixing one word is one edit.
    assert "I came from Little Red Pen." in form.content.decode()

    response = suggest(
        client_for(member),
        translation,
        "I came from **Rednote**.",
        content_url=post.get_absolute_url(),
    )
    assert "bilingual members will review it" in response.content.decode()
    suggestion = Suggestion.objects.get()
    assert suggestion.html == "<p>I came from <strong>Rednote</strong>.</p>\n"

    # A bilingual member sees it in the queue and votes.
    queue = client_for(bilingual).get(reverse("translation:suggestions"))
    assert "I came from <strong>Rednote</strong>." in queue.content.decode()
    assert "Little Red Pen" in queue.content.decode()  # what it would replace
    vote = client_for(bilingual).post(
        reverse("translation:vote", args=[suggestion.pk]), headers=HTMX
    )
    assert "1 vote" in vote.content.decode()
    suggestion.refresh_from_db()
    assert suggestion.votes == 1

    with django_capture_on_commit_callbacks(execute=True):
        accepted = client_for(staff).post(
            reverse("translation:accept", args=[suggestion.pk]), headers=HTMX
        )
    assert "everyone now reads this translation" in accepted.content.decode()

    # Every reader of English now gets the corrected text from the cache.
    stranger = MemberFactory()
    shown = client_for(stranger).post(reverse("forum:post-translate", args=[post.pk]), headers=HTMX)
    assert "I came from <strong>Rednote</strong>." in shown.content.decode()
    assert "Little Red Pen" not in shown.content.decode()
    assert "(by hand)" in shown.content.decode()
    # The author hears their suggestion was taken, with a link to where it shows.
    notification = Notification.objects.get(recipient=member, kind="suggestion")
    assert notification.url == post.get_absolute_url()


def test_only_bilingual_members_and_staff_review_and_only_staff_decide(
    machine_translation, member, other_member, bilingual, staff, client_for, client
):
    _post, translation = machine_translation
    suggestion = services.suggest_translation(
        author=member, translation=translation, body="I came from Rednote."
    )
    # other_member speaks no English by their profile: neither the queue nor a vote.
    assert client_for(other_member).get(reverse("translation:suggestions")).status_code == 403
    assert (
        client_for(other_member).post(reverse("translation:vote", args=[suggestion.pk])).status_code
        == 403
    )
    # The author cannot vote for their own suggestion.
    member.languages_spoken = ["en", "zh"]
    member.save()
    assert (
        client_for(member).post(reverse("translation:vote", args=[suggestion.pk])).status_code
        == 403
    )
    # A bilingual member votes but cannot accept.
    assert (
        client_for(bilingual).post(reverse("translation:accept", args=[suggestion.pk])).status_code
        == 403
    )
    translation.refresh_from_db()
    assert "Little Red Pen" in translation.html
    assert client_for(staff).get(reverse("translation:suggestions")).status_code == 200
    assert client.get(reverse("translation:suggestions")).status_code == 302  # log in


def test_a_vote_toggles_and_counts_once(machine_translation, member, bilingual, client_for):
    _post, translation = machine_translation
    suggestion = services.suggest_translation(
        author=member, translation=translation, body="I came from Rednote."
    )
    url = reverse("translation:vote", args=[suggestion.pk])
    client_for(bilingual).post(url, headers=HTMX)
    undone = client_for(bilingual).post(url, headers=HTMX)
    assert "0 votes" in undone.content.decode()
    suggestion.refresh_from_db()
    assert suggestion.votes == 0


def test_bad_suggestions_get_a_clear_error_and_keep_what_was_typed(
    machine_translation, member, client_for, settings
):
    _post, translation = machine_translation
    empty = suggest(client_for(member), translation, "   ")
    assert Suggestion.objects.count() == 0
    assert "Write the translation you suggest." in empty.content.decode()

    same = suggest(client_for(member), translation, "I came from Little Red Pen.")
    assert "This is the same as the current translation." in same.content.decode()
    assert "I came from Little Red Pen." in same.content.decode()

    settings.TRANSLATION_SUGGESTION_RATE_LIMIT = (1, 3600)
    assert suggest(client_for(member), translation, "I came from Rednote.").status_code == 200
    limited = suggest(client_for(member), translation, "I came from Rednote!!")
    assert "Try again later" in limited.content.decode()
    assert "I came from Rednote!!" in limited.content.decode()
    assert Suggestion.objects.get().body == "I came from Rednote."


def test_errors_are_in_the_writers_language(machine_translation, other_member, client_for):
    _post, translation = machine_translation
    response = suggest(client_for(other_member), translation, "")
    assert "请写下你建议的译文。" in response.content.decode()


def test_suggesting_again_replaces_ones_own_suggestion_and_its_votes(
    machine_translation, member, bilingual
):
    _post, translation = machine_translation
    first = services.suggest_translation(author=member, translation=translation, body="Rednote.")
    services.toggle_suggestion_vote(member=bilingual, suggestion=first)
    second = services.suggest_translation(
        author=member, translation=translation, body="I came from Rednote."
    )
    assert second.pk == first.pk
    assert Suggestion.objects.count() == 1
    assert second.votes == 0  # the votes were for the old wording


def test_a_hostile_suggestion_is_inert(machine_translation, member, staff):
    _post, translation = machine_translation
    suggestion = services.suggest_translation(
        author=member,
        translation=translation,
        body="<script>alert(1)</script><img src=x onerror=alert(1)> [x](javascript:alert(1)) "
        '<a hx-get="/x">y</a>',
    )
    services.accept_suggestion(staff=staff, suggestion=suggestion)
    translation.refresh_from_db()
    assert live_dangers(translation.html) == []
    assert "alert(1)" in translation.html  # shown as text: nothing the member wrote is lost


def test_accepting_declines_the_other_suggestions_and_cannot_happen_twice(
    machine_translation, member, bilingual, staff, client_for
):
    _post, translation = machine_translation
    chosen = services.suggest_translation(author=member, translation=translation, body="Rednote")
    other = services.suggest_translation(
        author=bilingual, translation=translation, body="Xiaohongshu"
    )
    services.accept_suggestion(staff=staff, suggestion=chosen)
    other.refresh_from_db()
    assert other.status == "declined"
    again = client_for(staff).post(reverse("translation:accept", args=[chosen.pk]), headers=HTMX)
    assert "already been decided" in again.content.decode()


def test_the_review_queue_runs_a_fixed_number_of_queries(
    machine_translation, bilingual, client_for
):
    _post, translation = machine_translation
    client = client_for(bilingual)
    client.get(reverse("translation:suggestions"))  # the header's unread counts are kept

    def queries_for_a_page_of(count: int) -> int:
        while translation.suggestions.count() < count:
            author = MemberFactory()
            services.suggest_translation(
                author=author, translation=translation, body=f"Version by {author.username}"
            )
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("translation:suggestions"))
        assert response.content.decode().count('class="card suggestion"') == count
        return len(queries)

    assert queries_for_a_page_of(2) == queries_for_a_page_of(15)
