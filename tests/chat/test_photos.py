"""Photos in messages: checked, re-encoded and stripped of EXIF like a post's."""

import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from chat import services
from chat.models import Message, MessageImage
from forum import services as forum_services
from tests.factories import cat_photo

pytestmark = pytest.mark.django_db

HTMX = {"hx-request": "true"}


@pytest.fixture
def conversation(member, other_member):
    forum_services.follow_member(follower=other_member, member=member, follow=True)
    return services.direct_conversation(sender=member, recipient=other_member)


def send(client, conversation, body, files):
    return client.post(
        reverse("chat:send", args=[conversation.pk]),
        {"body": body, "client_id": str(uuid.uuid4()), "images": files},
        headers=HTMX,
    )


def test_a_photo_alone_is_a_message_and_loses_its_gps(conversation, member, client_for):
    response = send(client_for(member), conversation, "", [cat_photo()])
    assert response.status_code == 200
    image = MessageImage.objects.get()
    assert image.image.name.endswith(".webp")
    with Image.open(image.image.path) as stored:
        assert not stored.getexif()  # the GPS position is gone
    assert image.thumbnail.url in response.content.decode()
    other = client_for(conversation.participants.exclude(member=member).get().member)
    assert image.thumbnail.url in other.get(conversation.get_absolute_url()).content.decode()


def test_a_bad_file_gets_a_clear_error_and_the_text_is_kept(conversation, member, client_for):
    fake = SimpleUploadedFile("cat.png", b"this is not an image", content_type="image/png")
    response = send(client_for(member), conversation, "Look at my cat!", [fake])
    page = response.content.decode()
    assert "This file is not an image we can read." in page
    assert "Look at my cat!" in page
    assert Message.objects.count() == 0


def test_at_most_four_photos(conversation, member, client_for):
    response = send(
        client_for(member), conversation, "so many", [cat_photo(f"{n}.jpg") for n in range(5)]
    )
    assert "at most 4 photos" in response.content.decode()
    assert Message.objects.count() == 0


def test_a_chat_photo_is_served_only_to_the_conversation(
    conversation, member, other_member, moderator, client_for, anonymous
):
    send(client_for(member), conversation, "", [cat_photo()])
    image = MessageImage.objects.get()
    for url in (image.image.url, image.thumbnail.url):
        for insider in (member, other_member):
            shown = client_for(insider).get(url)
            assert shown.status_code == 200
            assert shown["Cache-Control"].startswith("private")
        assert client_for(moderator).get(url).status_code == 404
        assert anonymous.get(url).status_code == 404


def test_a_chat_photo_cannot_be_reached_by_a_detour_in_the_path(
    conversation, member, moderator, client_for
):
    send(client_for(member), conversation, "", [cat_photo()])
    name = MessageImage.objects.get().image.name  # "chat/…"
    for detour in (f"/media/./{name}", f"/media/posts/../{name}"):
        assert client_for(moderator).get(detour).status_code == 404
