import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from accounts.models import Member


def image_upload(name="cat.jpg", size=(800, 600), image_format="JPEG", exif=None):
    buffer = io.BytesIO()
    image = Image.new("RGB", size, (200, 120, 60))
    save_options = {"exif": exif} if exif is not None else {}
    image.save(buffer, format=image_format, **save_options)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def gps_exif():
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    gps = {1: "N", 2: (31.0, 13.0, 0.0), 3: "E", 4: (121.0, 28.0, 0.0)}
    exif[0x8825] = gps  # GPSInfo
    return exif


@pytest.mark.django_db
def test_a_photo_becomes_a_square_webp_avatar_without_gps(member, client_for):
    upload = image_upload(size=(1600, 1200), exif=gps_exif())
    response = client_for(member).post(reverse("accounts:settings-avatar"), {"avatar": upload})

    assert response.status_code == 302
    member.refresh_from_db()
    with Image.open(member.avatar.path) as saved:
        assert saved.format == "WEBP"
        assert saved.size == (400, 400)
        assert not saved.getexif(), "EXIF (and its GPS position) must be stripped"
    page = client_for(member).get(member.get_absolute_url())
    assert member.avatar.url in page.content.decode()


@pytest.mark.django_db
def test_a_text_file_named_png_is_refused_with_a_clear_error_and_nothing_changes(
    member, client_for
):
    client = client_for(member)
    client.post(reverse("accounts:settings-avatar"), {"avatar": image_upload()})
    member.refresh_from_db()
    avatar_before = member.avatar.name

    fake = SimpleUploadedFile("cat.png", b"I am not a picture of a cat.", content_type="image/png")
    response = client.post(reverse("accounts:settings-avatar"), {"avatar": fake})

    assert response.status_code == 200
    assert "This file is not an image we can read." in response.content.decode()
    member.refresh_from_db()
    assert member.avatar.name == avatar_before


@pytest.mark.django_db
def test_a_40_megapixel_image_is_refused_before_it_is_decoded(member, client_for):
    # A flat PNG compresses to a few kilobytes, yet would need 120 MB decoded.
    upload = image_upload(name="huge.png", size=(8000, 5000), image_format="PNG")
    assert upload.size < 1_000_000
    response = client_for(member).post(reverse("accounts:settings-avatar"), {"avatar": upload})

    assert response.status_code == 200
    assert "This image is 8000 × 5000 pixels" in response.content.decode()
    assert not Member.objects.get(pk=member.pk).avatar


@pytest.mark.django_db
def test_the_avatar_error_is_in_chinese_for_a_chinese_member(other_member, client_for):
    fake = SimpleUploadedFile("cat.png", b"not an image", content_type="image/png")
    response = client_for(other_member).post(reverse("accounts:settings-avatar"), {"avatar": fake})
    assert "无法读取" in response.content.decode()


@pytest.mark.django_db
def test_a_file_over_the_size_limit_is_refused(member, client_for, settings):
    settings.MAX_UPLOAD_BYTES = 10_000
    photo = image_upload(size=(1200, 1200)).read()
    upload = SimpleUploadedFile("big.jpg", photo + b"\0" * 20_000, content_type="image/jpeg")
    response = client_for(member).post(reverse("accounts:settings-avatar"), {"avatar": upload})
    assert "images can be at most" in response.content.decode()
    assert not Member.objects.get(pk=member.pk).avatar


@pytest.mark.django_db
def test_removing_the_avatar_brings_back_the_initial(member, client_for):
    client = client_for(member)
    client.post(reverse("accounts:settings-avatar"), {"avatar": image_upload()})
    client.post(reverse("accounts:settings-avatar"), {"remove": "1"})
    member.refresh_from_db()
    assert not member.avatar


@pytest.mark.django_db
def test_an_uploaded_avatar_shows_wherever_the_member_does(
    member, other_member, client_for, anonymous
):
    """Posts, thread rows, the profile, notifications, chat: the photo, not the letter."""
    from accounts import services
    from chat import services as chat_services
    from forum import services as forum_services
    from tests.factories import reply_by, thread_by

    services.change_avatar(member=member, upload=image_upload())
    member.refresh_from_db()
    photo = '<img class="avatar avatar-'
    thread = thread_by(member, title="With a face")
    reply_by(other_member, thread)
    forum_services.follow_member(follower=member, member=other_member, follow=True)
    conversation = chat_services.direct_conversation(sender=member, recipient=other_member)
    chat_services.send_message(
        author=member, conversation=conversation, body="你好", client_id=None
    )
    reader = client_for(other_member)
    pages = {
        "thread": anonymous.get(thread.get_absolute_url()),
        "feed": anonymous.get("/"),
        "profile": anonymous.get(member.get_absolute_url()),
        "notifications": reader.get(reverse("forum:notifications")),
        "chat": reader.get(conversation.get_absolute_url()),
    }
    for name, response in pages.items():
        html = response.content.decode()
        assert photo in html and member.avatar.url in html, name
