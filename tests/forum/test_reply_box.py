"""The empty reply box is rendered once for every thread page and served again; a box with
text in it (a quote, or what a refused reply typed) is each page's own, and what the empty box
shows (its language, the photo limits) is its key."""

import pytest
from django.urls import reverse

from tests.factories import reply_by, thread_by
from tests.html import form_values

pytestmark = pytest.mark.django_db


def _box_rendered(response) -> bool:
    return "partials/field.html" in [each.name for each in response.templates]


def test_the_empty_box_is_served_again_and_a_quote_is_never_the_kept_box(
    member, other_member, client_for, settings
):
    thread = thread_by(other_member)
    reply = reply_by(other_member, thread, body="Dumplings on Sunday?")
    jess = client_for(member)
    assert _box_rendered(jess.get(thread.get_absolute_url()))
    again = jess.get(thread_by(other_member, title="Another thread").get_absolute_url())
    assert not _box_rendered(again) and 'name="body"' in again.content.decode()

    quoting = jess.get(thread.get_absolute_url(), {"quote": reply.pk})
    assert _box_rendered(quoting)
    assert "> Dumplings on Sunday?" in form_values(quoting.content.decode())["body"]

    settings.MAX_UPLOAD_BYTES = 3 * 1024 * 1024
    limits = jess.get(thread.get_absolute_url()).content.decode()
    assert "3 MB each" in limits and 'data-max-bytes="3145728"' in limits


def test_a_refused_reply_keeps_its_text_in_the_box(member, other_member, client_for):
    thread = thread_by(other_member)
    jess = client_for(member)
    jess.get(thread.get_absolute_url())  # the empty box is kept
    typed = "x" * 20_001  # longer than a reply may be
    refused = jess.post(reverse("forum:thread-reply", args=[thread.pk]), {"body": typed})
    assert form_values(refused.content.decode())["body"] == typed
