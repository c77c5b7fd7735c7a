import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from forum import services
from forum.models import Notification, Post, Thread
from tests.factories import MemberFactory, cat_photo, category, reply_by, thread_by

pytestmark = pytest.mark.django_db


def test_a_member_starts_a_thread_from_the_web_with_region_and_language(member, client_for):
    response = client_for(member).post(
        reverse("forum:thread-new"),
        {
            "category": category("food").pk,
            "title": "Best tacos in Austin?",
            "body": "I am looking for the best tacos in town, any ideas for a newcomer?",
        },
        REMOTE_ADDR="8.8.8.8",
        HTTP_X_FORWARDED_FOR="114.114.114.114",  # ignored: the peer is not a trusted proxy
    )
    thread = Thread.objects.get(title="Best tacos in Austin?")
    assert response["Location"] == thread.get_absolute_url()
    opening = thread.posts.get()
    assert opening.region_code == "US"
    assert opening.language == thread.language == "en"
    page = client_for(member).get(thread.get_absolute_url()).content.decode()
    assert "IP region: United States" in page


def test_replies_are_numbered_counted_and_tell_the_thread_author(member, other_member):
    thread = thread_by(member)
    first = reply_by(other_member, thread, body="我家的猫也是！")
    second = reply_by(member, thread, body="Ha, cats.")
    thread.refresh_from_db()
    assert (first.number, second.number) == (2, 3)
    assert thread.reply_count == 2
    assert thread.last_poster == member
    assert first.language == "zh" and first.region_code == "CN"
    # The author's own reply tells nobody; the other member's reply tells the author once.
    assert list(Notification.objects.values_list("recipient__username", "kind")) == [
        ("jess", "reply")
    ]


def test_a_quote_and_a_mention_of_the_same_member_notify_once(member, other_member):
    thread = thread_by(member)
    quoted = reply_by(other_member, thread, body="Quote me")
    third = MemberFactory(username="amelia")
    reply_by(third, thread, body="> Quote me\n\nExactly, @xiaolan and @JESS!", quoted_post=quoted)
    kinds = sorted(
        Notification.objects.filter(actor=third).values_list("recipient__username", "kind")
    )
    assert kinds == [("jess", "mention"), ("xiaolan", "quote")]


def test_mentions_become_profile_links_but_not_inside_code(member, other_member):
    thread = thread_by(member, body="Hello @xiaolan, try `@xiaolan` in code and @nobody_here")
    html = thread.posts.get().body_html
    assert html.count('href="/members/xiaolan/"') == 1
    assert '<code translate="no">@xiaolan</code>' in html
    assert "@nobody_here" in html and "/members/nobody_here/" not in html


def test_unsafe_markdown_is_neutralised(member, anonymous):
    thread = thread_by(member, body='<script>alert("x")</script> [x](javascript:alert(1)) **ok**')
    page = anonymous.get(thread.get_absolute_url()).content.decode()
    assert "<script>alert" not in page
    assert 'href="javascript:' not in page
    assert "<strong>ok</strong>" in page


def test_an_edit_keeps_the_original_and_the_region_tag(member, other_member, moderator, client_for):
    thread = thread_by(member, body="First words", region_code="US")
    post = thread.posts.get()
    response = client_for(member).post(
        reverse("forum:post-edit", args=[post.pk]),
        {"title": "A better title", "body": "Second words"},
        REMOTE_ADDR="114.114.114.114",
    )
    assert response.status_code == 302
    post.refresh_from_db()
    thread.refresh_from_db()
    assert (post.body, thread.title, post.region_code) == ("Second words", "A better title", "US")
    assert post.edited_at is not None
    history_url = reverse("forum:post-history", args=[post.pk])
    for reader in (member, moderator):
        assert "First words" in client_for(reader).get(history_url).content.decode()
    assert client_for(other_member).get(history_url).status_code == 403
    assert "已编辑" in client_for(other_member).get(thread.get_absolute_url()).content.decode()


def test_only_the_author_edits_and_deletes(member, other_member, client_for):
    post = thread_by(member).posts.get()
    with pytest.raises(PermissionDenied):
        services.edit_post(editor=other_member, post=post, body="mine now")
    assert (
        client_for(other_member).post(reverse("forum:post-delete", args=[post.pk])).status_code
        == 403
    )
    services.edit_post(editor=member, post=post, body="still mine")
    assert Post.objects.get(pk=post.pk).body == "still mine"


def test_a_deleted_reply_leaves_a_note_and_a_deleted_thread_disappears(
    member, other_member, moderator, client_for, anonymous
):
    thread = thread_by(member)
    reply = reply_by(other_member, thread, body="Regrettable words")
    client_for(other_member).post(reverse("forum:post-delete", args=[reply.pk]))
    page = anonymous.get(thread.get_absolute_url()).content.decode()
    assert "Regrettable words" not in page
    assert "This post was deleted by its author." in page
    assert Post.objects.filter(pk=reply.pk).exists()  # soft: nothing is erased

    client_for(member).post(reverse("forum:post-delete", args=[thread.posts.get(number=1).pk]))
    assert anonymous.get(thread.get_absolute_url()).status_code == 404
    assert client_for(other_member).get(thread.get_absolute_url()).status_code == 404
    assert client_for(moderator).get(thread.get_absolute_url()).status_code == 200
    assert thread.title not in anonymous.get("/").content.decode()


def test_replying_needs_a_signed_in_member_and_keeps_a_refused_text(member, client_for, anonymous):
    thread = thread_by(member)
    url = reverse("forum:thread-reply", args=[thread.pk])
    assert anonymous.post(url, {"body": "hi"}).status_code == 302
    response = client_for(member).post(url, {"body": "x" * 20_001})
    assert response.status_code == 200
    assert "x" * 20_001 in response.content.decode()
    assert thread.posts.count() == 1


def test_a_quote_link_fills_the_composer(member, other_member, client_for):
    thread = thread_by(member)
    reply = reply_by(other_member, thread, body="我也喜欢猫")
    page = client_for(member).get(f"{thread.get_absolute_url()}?quote={reply.pk}").content.decode()
    assert "&gt; **@xiaolan**" in page
    assert f'name="quoted_post" value="{reply.pk}"' in page


def test_mention_completion_suggests_members_to_signed_in_members(
    member, other_member, client_for, anonymous
):
    url = reverse("accounts:mention-suggestions")
    assert anonymous.get(url, {"q": "xiao"}).status_code == 302
    found = client_for(member).get(url, {"q": "XIAO"}).json()
    assert found == {"members": [{"username": "xiaolan", "name": "小蓝"}]}
    by_display_name = client_for(member).get(url, {"q": "小"}).json()["members"]
    assert [suggestion["username"] for suggestion in by_display_name] == ["xiaolan"]


def test_nobody_can_edit_a_region_tag_not_even_in_the_admin(member, client_for):
    admin = MemberFactory(username="root", is_staff=True, is_superuser=True)
    post = thread_by(member, region_code="US").posts.get()
    page = client_for(admin).get(reverse("admin:forum_post_change", args=[post.pk]))
    assert page.status_code == 200
    assert 'name="region_code"' not in page.content.decode()
    client_for(admin).post(
        reverse("admin:forum_post_change", args=[post.pk]),
        {
            "thread": post.thread_id,
            "author": member.pk,
            "number": 1,
            "body": "x",
            "region_code": "CN",
        },
    )
    assert Post.objects.get(pk=post.pk).region_code == "US"


def test_a_reply_carries_photos_and_a_bad_one_keeps_the_text(member, other_member, client_for):
    thread = thread_by(member)
    url = reverse("forum:thread-reply", args=[thread.pk])
    client = client_for(other_member)
    fake = SimpleUploadedFile("cat.jpg", b"definitely not a jpeg", content_type="image/jpeg")
    refused = client.post(url, {"body": "Look at my cat!", "images": [cat_photo(), fake]})
    assert refused.status_code == 200
    html = refused.content.decode()
    assert "无法读取" in html  # the reader's language
    assert "Look at my cat!" in html
    assert thread.posts.count() == 1  # nothing half-written

    client.post(url, {"body": "Look at my cat!", "images": [cat_photo(), cat_photo("two.jpg")]})
    reply = thread.posts.get(number=2)
    assert [image.thumbnail_width for image in reply.images.all()] == [480, 480]
    page = client.get(thread.get_absolute_url()).content.decode()
    assert reply.images.first().thumbnail.url in page


def test_more_than_nine_photos_are_refused(member, client_for):
    thread = thread_by(member)
    response = client_for(member).post(
        reverse("forum:thread-reply", args=[thread.pk]),
        {"body": "So many cats", "images": [cat_photo(f"{n}.jpg") for n in range(10)]},
    )
    assert "You can add at most 9 photos." in response.content.decode()
    assert thread.posts.count() == 1
