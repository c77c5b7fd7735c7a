"""Uploaded files: named by the hash of their bytes, and served only to whoever may see the
post or conversation they belong to (halfway.media, each app's permissions)."""

import hashlib
import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from core.images import rename_to_content_names
from forum import services as forum_services
from forum.models import PostImage
from moderation import services as moderation_services
from moderation.models import WatchedWord
from moderation.watched_words import add_watched_word
from tests.factories import MemberFactory, reply_by, thread_by

pytestmark = pytest.mark.django_db


def photo(colour, name="photo.jpg"):
    """A JPEG of one colour: different colours make different files (and names)."""
    buffer = io.BytesIO()
    Image.new("RGB", (800, 600), colour).save(buffer, format="JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


@pytest.fixture
def thread():
    return thread_by(MemberFactory(username="host", display_name="Host"))


def photo_urls(post) -> list[str]:
    image = post.images.get()
    return [image.image.url, image.thumbnail.url]


def test_a_photo_and_its_thumbnail_are_named_by_the_hash_of_their_bytes(member, thread):
    reply = reply_by(member, thread, images=[photo((200, 40, 40))])
    image = reply.images.get()

    for field in (image.image, image.thumbnail):
        with default_storage.open(field.name) as stored:
            digest = hashlib.sha256(stored.read()).hexdigest()
        assert field.name == f"posts/{digest[:2]}/{digest}.webp"
    assert image.image.name != image.thumbnail.name


def test_the_same_photo_posted_twice_is_stored_once(member, other_member, thread):
    first = reply_by(member, thread, images=[photo((10, 120, 200))]).images.get()
    second = reply_by(other_member, thread, images=[photo((10, 120, 200))]).images.get()

    assert (second.image.name, second.thumbnail.name) == (first.image.name, first.thumbnail.name)
    folder = first.image.name.rsplit("/", 1)[0]
    assert default_storage.listdir(folder)[1] == [first.image.name.rsplit("/", 1)[1]]


# Readers of a post's photos, and whether they may see them while the post is held, deleted
# by its author or hidden by a moderator: its author and moderators only.
READERS = {
    "anonymous": 404,
    "other_member": 404,
    "member": 200,  # the author
    "category_moderator": 200,
    "moderator": 200,
}


def held_reply(member, thread, moderator, colour):
    add_watched_word(moderator=moderator, word="crypto", response=WatchedWord.Response.HOLD)
    reply = reply_by(member, thread, body="Ask me about crypto", images=[photo(colour)])
    assert reply.held_at is not None
    return reply


def deleted_reply(member, thread, moderator, colour):
    reply = reply_by(member, thread, images=[photo(colour)])
    return forum_services.delete_post(author=member, post=reply)


def hidden_reply(member, thread, moderator, colour):
    reply = reply_by(member, thread, images=[photo(colour)])
    return moderation_services.hide_post(moderator=moderator, post=reply, reason="Spoilers")


STATES = {"held": held_reply, "deleted by its author": deleted_reply, "hidden": hidden_reply}


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("reader", READERS)
def test_a_held_deleted_or_hidden_posts_photos_are_for_its_author_and_moderators(
    state, reader, request, member, moderator, category_moderator, thread, client_for, anonymous
):
    shown = reply_by(member, thread, images=[photo((30, 160, 60))])
    kept_back = STATES[state](member, thread, moderator, (160, 30, 160))
    client = anonymous if reader == "anonymous" else client_for(request.getfixturevalue(reader))

    for url in photo_urls(kept_back):
        response = client.get(url)
        assert response.status_code == READERS[reader], url
        if response.status_code == 200:
            assert response["Cache-Control"].startswith("private")
            assert response["Content-Type"] == "image/webp"
    for url in photo_urls(shown):  # the same reader sees the photos of a post shown to all
        assert client.get(url).status_code == 200


def test_a_post_approved_or_shown_again_shows_its_photos_to_everyone(
    member, moderator, thread, anonymous
):
    held = held_reply(member, thread, moderator, (90, 90, 200))
    hidden = hidden_reply(member, thread, moderator, (200, 200, 90))
    urls = photo_urls(held) + photo_urls(hidden)
    assert [anonymous.get(url).status_code for url in urls] == [404] * 4

    moderation_services.approve_post(moderator=moderator, post=held)
    moderation_services.unhide_post(moderator=moderator, post=hidden)
    assert [anonymous.get(url).status_code for url in urls] == [200] * 4


def test_a_thread_held_for_approval_keeps_its_photos_from_others(
    member, other_member, moderator, client_for, anonymous
):
    add_watched_word(moderator=moderator, word="crypto", response=WatchedWord.Response.HOLD)
    thread = thread_by(member, body="All about crypto", images=[photo((5, 5, 90))])
    urls = photo_urls(thread.posts.get())

    for client, status in (
        (anonymous, 404),
        (client_for(other_member), 404),
        (client_for(member), 200),
        (client_for(moderator), 200),
    ):
        assert [client.get(url).status_code for url in urls] == [status] * 2


def test_a_guessed_old_style_name_is_missing_even_where_a_file_is(member, thread, anonymous):
    reply = reply_by(member, thread, images=[photo((1, 2, 3))])
    guessed = f"posts/{reply.pk}-0.webp"
    default_storage.save(guessed, ContentFile(b"RIFF old file"))

    for path in (guessed, f"posts/thumbs/{reply.pk}-0.webp", "posts/", "elsewhere/x.webp"):
        assert anonymous.get("/media/" + path).status_code == 404
    # A NUL byte is refused for every URL (core.middleware) before any file is looked up.
    assert anonymous.get("/media/posts/%00.webp").status_code == 400


def test_old_names_are_moved_to_content_names_by_the_migration(
    member, moderator, thread, anonymous, django_capture_on_commit_callbacks
):
    """What forum's and chat's photo_content_names migrations do to rows written before."""
    reply = hidden_reply(member, thread, moderator, (44, 55, 66))
    image = reply.images.get()
    contents = {}
    for field, old in (
        ("image", f"posts/{reply.pk}-0.webp"),
        ("thumbnail", f"posts/thumbs/{reply.pk}-0.webp"),
    ):
        with default_storage.open(getattr(image, field).name) as stored:
            contents[field] = stored.read()
        # A test before this one on the same worker may have left a file of that name (ids
        # start again after its rollback; its files stay).
        default_storage.delete(old)
        assert default_storage.save(old, ContentFile(contents[field])) == old
    PostImage.objects.filter(pk=image.pk).update(
        image=f"posts/{reply.pk}-0.webp", thumbnail=f"posts/thumbs/{reply.pk}-0.webp"
    )

    with django_capture_on_commit_callbacks(execute=True):
        rename_to_content_names(PostImage, "posts")

    image.refresh_from_db()
    for field in ("image", "thumbnail"):
        digest = hashlib.sha256(contents[field]).hexdigest()
        assert getattr(image, field).name == f"posts/{digest[:2]}/{digest}.webp"
    assert not default_storage.exists(f"posts/{reply.pk}-0.webp")
    assert not default_storage.exists(f"posts/thumbs/{reply.pk}-0.webp")
    assert anonymous.get(image.image.url).status_code == 404  # still hidden


def test_a_photo_costs_one_query_for_its_rows_besides_the_readers_session(
    member, moderator, thread, client_for, anonymous, django_assert_num_queries
):
    visible = photo_urls(reply_by(member, thread, images=[photo((7, 7, 7))]))
    hidden = photo_urls(hidden_reply(member, thread, moderator, (8, 8, 8)))
    author, moderating = client_for(member), client_for(moderator)

    with django_assert_num_queries(1):  # the photo's rows, with their posts and threads
        assert anonymous.get(visible[0]).status_code == 200
    # The photo's rows; the session and the member come from the cache, and moderating needs
    # no more (roles are on the member's row).
    author.get("/")
    moderating.get("/")
    with django_assert_num_queries(1):
        assert author.get(hidden[1]).status_code == 200
    with django_assert_num_queries(1):
        assert moderating.get(hidden[0]).status_code == 200
