"""Before sending, a writer sees their draft as the other member will read it."""

import pytest
from django.urls import reverse

from chat import services
from forum import services as forum_services
from tests.factories import MemberFactory
from translation.models import Reader, Translation

pytestmark = pytest.mark.django_db

HTMX = {"hx-request": "true"}


@pytest.fixture
def conversation(member, other_member):
    forum_services.follow_member(follower=other_member, member=member, follow=True)
    return services.direct_conversation(sender=member, recipient=other_member)


def preview(client, conversation, body):
    return client.post(
        reverse("chat:preview", args=[conversation.pk]), {"body": body}, headers=HTMX
    )


def test_the_draft_is_translated_into_the_other_members_language(
    deepl, conversation, member, client_for, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = preview(
            client_for(member), conversation, "Could you teach me how to make dumplings?"
        )
    assert "小蓝" in response.content.decode()  # "How 小蓝 will read it"
    (request,) = deepl.translate_requests
    assert request["target_lang"] == "ZH-HANS"
    translation = Translation.objects.get()
    assert translation.target_language == "zh-hans" and translation.status == "done"
    # The result goes to the writer's page, not the other member's.
    assert not Reader.objects.exclude(member=member).exists()


def test_a_draft_already_in_their_language_needs_nothing(deepl, conversation, member, client_for):
    response = preview(client_for(member), conversation, "我想学包饺子，你能教我吗？")
    assert "needs no translation" in response.content.decode()
    assert deepl.translate_requests == []


def test_nobody_outside_the_conversation_can_preview_in_it(deepl, conversation, client_for):
    assert preview(client_for(MemberFactory()), conversation, "hello").status_code == 404
