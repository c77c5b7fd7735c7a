"""A chat message's translation stays in the conversation: nobody outside opens it by id
(to suggest a wording), while the same words in a public post are public."""

import pytest
from django.urls import reverse

from chat import services
from tests.factories import thread_by
from translation.models import Translation

pytestmark = pytest.mark.django_db
HTMX = {"hx-request": "true"}


def test_a_chat_translation_cannot_be_opened_from_outside(
    deepl, member, other_member, moderator, client_for, django_capture_on_commit_callbacks
):
    conversation = services.direct_conversation(sender=other_member, recipient=member)
    services.accept_request(member=member, conversation=conversation)
    message, _new = services.send_message(
        author=other_member, conversation=conversation, body="我们周六见，老地方。", client_id=None
    )
    with django_capture_on_commit_callbacks(execute=True):
        answer = client_for(member).post(
            reverse("chat:message-translate", args=[message.pk]), headers=HTMX
        )
    assert answer.status_code == 200
    translation = Translation.objects.get(source_html=message.body_html)
    assert translation.is_private and translation.status == "done"

    suggest = reverse("translation:suggest", args=[translation.pk])
    for outsider in (moderator, other_member, member):
        assert client_for(outsider).get(suggest).status_code == 404
    shown = client_for(member).get(conversation.get_absolute_url()).content.decode()
    assert suggest not in shown

    # The same words written in public make that translation public.
    thread = thread_by(member, body="我们周六见，老地方。")
    with django_capture_on_commit_callbacks(execute=True):
        client_for(moderator).post(
            reverse("forum:post-translate", args=[thread.posts.get().pk]), headers=HTMX
        )
    translation.refresh_from_db()
    assert not translation.is_private
    assert client_for(moderator).get(suggest).status_code == 200
