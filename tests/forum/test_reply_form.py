"""A thread's reply form: each view gets its own form id (one reply per double submission)
and CSRF token, and a quote or a refused reply is the member's own."""

import re

import pytest
from django.urls import reverse

from forum.models import Post
from tests.factories import thread_by

pytestmark = pytest.mark.django_db


def reply_form(page: str) -> str:
    return re.search(r'<section class="card reply-card".*?</section>', page, re.S).group(0)


def value_of(form: str, name: str) -> str:
    return re.search(rf'name="{name}" value="([^"]*)"', form).group(1)


def test_each_view_gets_its_own_form_id_and_the_form_posts_a_reply_once(
    member, other_member, client_for
):
    thread = thread_by(other_member, title="Tea at dawn")
    reader = client_for(member)
    first = reply_form(reader.get(thread.get_absolute_url()).content.decode())
    second = reply_form(reader.get(thread.get_absolute_url()).content.decode())
    assert "@@" not in first + second
    assert value_of(first, "client_id") != value_of(second, "client_id")
    fields = {
        "csrfmiddlewaretoken": value_of(first, "csrfmiddlewaretoken"),
        "client_id": value_of(first, "client_id"),
        "body": "Green tea for me.",
    }
    reader.post(reverse("forum:thread-reply", args=[thread.pk]), fields)
    reader.post(reverse("forum:thread-reply", args=[thread.pk]), fields)  # sent twice
    assert Post.objects.filter(thread=thread, body="Green tea for me.").count() == 1


def test_a_quote_and_a_refused_reply_keep_the_members_text(member, other_member, client_for):
    thread = thread_by(other_member, title="Tea at dawn", body="Oolong or nothing.")
    reader = client_for(member)
    quoted = reply_form(
        reader.get(thread.get_absolute_url() + f"?quote={thread.posts.get().pk}").content.decode()
    )
    assert "&gt; Oolong or nothing." in quoted
    assert "Oolong or nothing." not in reply_form(
        reader.get(thread.get_absolute_url()).content.decode()
    )
    refused = reader.post(
        reverse("forum:thread-reply", args=[thread.pk]), {"body": "x" * 20_001}
    ).content.decode()
    assert "x" * 20_001 in reply_form(refused)
