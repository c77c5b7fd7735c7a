"""Threads and their replies: started, replied to, announced once approved; categories."""

import uuid
from collections.abc import Sequence

from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.db.models.functions import Greatest
from django.utils import timezone

from accounts import services as account_services
from accounts.models import Member
from core import caching
from core.images import save_images
from forum import permissions, search, signals
from forum.models import Category, Post, PostImage, Thread, ThreadFollow
from forum.services.follows import follows_changed
from forum.services.notifications import _notify_about_post
from forum.services.rendering import RenderedPost, _prepare_post_images, render_post


def announce_post(post: Post) -> None:
    """What a held post did not do when it was written, done on approval: count the reply
    and send the notifications."""
    if not post.is_opening:
        _count_reply(post, at=timezone.now())  # approved now: the thread moves up now
    _notify_about_post(post, render_post(post.body))


def start_thread(
    *,
    author: Member,
    category: Category,
    title: str,
    body: str,
    region_code: str,
    images: Sequence = (),
    client_id: uuid.UUID | None = None,
) -> Thread:
    """Start a thread: its opening post carries the body, the region tag and the language.

    A new member's link or a held watched word makes it wait for a moderator's approval.
    The same form sent again (same `client_id`) returns the thread it made the first time.
    """
    if sent_before := _post_sent_before(author, client_id):
        return sent_before.thread
    permissions.check_can_start_thread(author)
    verdict = signals.check_post(
        author, title=title, body=body, image_count=len(images), is_thread=True
    )
    rendered = render_post(verdict.body)
    prepared = _prepare_post_images(images)  # outside the transaction, which stays short
    try:
        with transaction.atomic():
            account_services.discard_draft(member=author, key="thread")
            return _create_thread(
                author=author,
                category=category,
                title=verdict.title,
                body=verdict.body,
                rendered=rendered,
                region_code=region_code,
                prepared_images=prepared,
                hold_reason=verdict.hold_reason,
                client_id=client_id,
            )
    except IntegrityError:
        # The same form, sent twice at once: the other request made the thread.
        if sent_before := _post_sent_before(author, client_id):
            return sent_before.thread
        raise


def _post_sent_before(author: Member, client_id: uuid.UUID | None) -> Post | None:
    """The post this member already made from the same form, if any."""
    if client_id is None:
        return None
    return Post.objects.select_related("thread").filter(author=author, client_id=client_id).first()


def _create_thread(
    *,
    author: Member,
    category: Category,
    title: str,
    body: str,
    rendered: RenderedPost,
    region_code: str,
    prepared_images: list[tuple],
    hold_reason: str = "",
    client_id: uuid.UUID | None = None,
    search_text: str | None = None,
) -> Thread:
    now = timezone.now()
    with transaction.atomic():
        thread = Thread.objects.create(
            category=category,
            author=author,
            title=title.strip(),
            last_posted_at=now,
            last_poster=author,
            language=rendered.language,
            held_at=now if hold_reason else None,
        )
        post = Post.objects.create(
            thread=thread,
            author=author,
            number=1,
            body=body,
            body_html=rendered.html,
            search_document=search.search_document(
                thread.title, body if search_text is None else search_text
            ),
            language=rendered.language,
            language_is_mixed=rendered.language_is_mixed,
            region_code=region_code,
            held_at=now if hold_reason else None,
            held_reason=hold_reason,
            client_id=client_id,
        )
        save_images(PostImage, post, prepared_images)
        ThreadFollow.objects.create(member=author, thread=thread)
        follows_changed([author.pk])
        if not hold_reason:  # nobody is sent to a post they cannot see yet
            _notify_about_post(post, rendered)
        caching.changed(caching.POSTS, caching.thread(thread.pk))
    return thread


def add_reply(
    *,
    author: Member,
    thread: Thread,
    body: str,
    region_code: str,
    quoted_post: Post | None = None,
    images: Sequence = (),
    client_id: uuid.UUID | None = None,
) -> Post:
    """Add a reply and tell the people it concerns once it is committed.

    The same form sent again (same `client_id`) returns the reply it made the first time."""
    if sent_before := _post_sent_before(author, client_id):
        return sent_before
    permissions.check_can_reply(author, thread)
    if quoted_post is not None and quoted_post.thread_id != thread.pk:
        quoted_post = None
    if quoted_post is not None:
        permissions.check_can_quote(author, quoted_post)
    verdict = signals.check_post(author, body=body, image_count=len(images), is_thread=False)
    return _write_reply(
        author=author,
        thread=thread,
        verdict=verdict,
        region_code=region_code,
        quoted_post=quoted_post,
        images=images,
        client_id=client_id,
    )


def _write_reply(
    *,
    author: Member,
    thread: Thread,
    verdict: signals.Verdict,
    region_code: str,
    quoted_post: Post | None = None,
    images: Sequence = (),
    client_id: uuid.UUID | None = None,
) -> Post:
    """Write a reply its caller has checked (permission, content rules)."""
    body = verdict.body
    rendered = render_post(body)
    prepared = _prepare_post_images(images)
    with transaction.atomic():
        # Locking the thread row serialises numbering among concurrent replies.
        locked = Thread.objects.select_for_update().get(pk=thread.pk)
        # Checked again under the lock: the same form sent twice at once waits here, then
        # finds the reply the first request made.
        if sent_before := _post_sent_before(author, client_id):
            return sent_before
        number = (locked.posts.aggregate(highest=Max("number"))["highest"] or 0) + 1
        account_services.discard_draft(member=author, key=f"reply:{thread.pk}")
        post = Post.objects.create(
            thread=locked,
            author=author,
            number=number,
            body=body,
            body_html=rendered.html,
            search_document=search.search_document("", body),
            language=rendered.language,
            language_is_mixed=rendered.language_is_mixed,
            region_code=region_code,
            quoted_post=quoted_post,
            held_at=timezone.now() if verdict.is_held else None,
            held_reason=verdict.hold_reason,
            client_id=client_id,
        )
        save_images(PostImage, post, prepared)
        post.thread = locked
        if not verdict.is_held:
            # A held reply counts (and notifies) once approved: nobody is sent to, or told
            # of, a post they cannot see yet.
            _count_reply(post)
            _notify_about_post(post, rendered)
        caching.changed(caching.POSTS, caching.thread(post.thread_id))
    return post


def _count_reply(post: Post, at=None) -> None:
    """One more reply in the thread, which moves up the feeds."""
    Thread.objects.filter(pk=post.thread_id).update(
        reply_count=F("reply_count") + 1,
        last_posted_at=at or post.created_at,
        last_poster=post.author_id,
        last_number=Greatest("last_number", post.number),  # approved late, it may be earlier
    )


def categories_changed() -> None:
    """A category's names are on every list of threads and every row (an admin's edit)."""
    caching.changed(caching.POSTS, caching.MEMBERS)
