import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from forum.models import Introduction, Thread
from tests.factories import InterestFactory, MemberFactory, cat_photo

pytestmark = pytest.mark.django_db


def introduction_form(**changes):
    form = {
        "title": "Hi from Texas! Nurse and cat person",
        "who_i_am": "Night-shift nurse. My cat Biscuit supervises my knitting.",
        "where_from": "Austin, Texas",
        "languages_spoken": ["en"],
        "languages_learning": ["zh"],
        "hope_to_learn": "How families celebrate Spring Festival.",
    }
    form.update(changes)
    return form


def test_a_newcomer_introduces_themselves_with_a_cat_photo(member, client_for, anonymous):
    cats = InterestFactory(slug="cats", name_en="Cats", name_zh="猫")
    response = client_for(member).post(
        reverse("forum:introduction-mine"),
        introduction_form(interests=[cats.pk], photos=[cat_photo()]),
        REMOTE_ADDR="8.8.8.8",
    )
    introduction = Introduction.objects.get(member=member)
    assert response["Location"] == introduction.thread.get_absolute_url()
    assert introduction.thread.category.is_introductions
    opening = introduction.thread.posts.get()
    assert opening.region_code == "US"
    assert introduction.where_from == "Austin, Texas"
    assert "Austin, Texas" in anonymous.get(introduction.thread.get_absolute_url()).content.decode()
    (photo,) = opening.images.all()
    with Image.open(photo.image.path) as saved:
        assert saved.format == "WEBP" and not saved.getexif()
    member.refresh_from_db()
    assert member.languages_learning == ["zh"]
    assert list(member.interests.all()) == [cats]

    profile = anonymous.get(member.get_absolute_url()).content.decode()
    assert introduction.thread.title in profile  # pinned on the profile
    grid = anonymous.get(reverse("forum:introductions")).content.decode()
    assert photo.thumbnail.url in grid


def test_a_second_introduction_edits_the_first(member, client_for):
    client = client_for(member)
    client.post(reverse("forum:introduction-mine"), introduction_form())
    client.post(
        reverse("forum:introduction-mine"),
        introduction_form(title="Hello again from Texas", where_from="Houston, Texas"),
    )
    assert Introduction.objects.filter(member=member).count() == 1
    assert Thread.objects.filter(category__is_introductions=True).count() == 1
    introduction = Introduction.objects.get(member=member)
    opening = introduction.thread.posts.get()
    assert introduction.where_from == "Houston, Texas" and opening.revisions.count() == 1
    assert "Houston, Texas" in client.get(introduction.thread.get_absolute_url()).content.decode()
    assert (
        "Austin, Texas" not in client.get(introduction.thread.get_absolute_url()).content.decode()
    )


def test_a_bad_photo_refuses_the_introduction_and_keeps_the_text(member, client_for):
    fake = SimpleUploadedFile("cat.jpg", b"not a cat at all", content_type="image/jpeg")
    response = client_for(member).post(
        reverse("forum:introduction-mine"), introduction_form(photos=[fake])
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "This file is not an image we can read." in html
    assert "Night-shift nurse. My cat Biscuit supervises my knitting." in html
    assert not Introduction.objects.exists()


def test_the_grid_filters_by_interest_language_and_region(client_for, anonymous):
    cats = InterestFactory(slug="cats")
    tea = InterestFactory(slug="tea")
    people = [
        ("jess", ["en"], cats, "8.8.8.8"),
        ("xiaolan", ["zh"], cats, "114.114.114.114"),
        ("amelia", ["en", "fr"], tea, "81.2.69.142"),
    ]
    for username, speaks, interest, address in people:
        member = MemberFactory(username=username)
        client_for(member).post(
            reverse("forum:introduction-mine"),
            introduction_form(
                title=f"I am {username}",
                languages_spoken=speaks,
                languages_learning=[],
                interests=[interest.pk],
            ),
            REMOTE_ADDR=address,
        )

    def shown(query):
        page = anonymous.get(reverse("forum:introductions") + query).content.decode()
        return {name for name in ("jess", "xiaolan", "amelia") if f"I am {name}" in page}

    assert shown("") == {"jess", "xiaolan", "amelia"}
    assert shown("?interest=cats") == {"jess", "xiaolan"}
    assert shown("?language=zh") == {"xiaolan"}
    assert shown("?language=en") == {"jess", "amelia"}
    assert shown("?region=GB") == {"amelia"}
    assert shown("?interest=cats&region=CN") == {"xiaolan"}
