"""Edits and deletions of written posts."""

from django.db import transaction
from django.utils import timezone

from accounts.models import Member
from core import caching
from forum import permissions, search, signals
from forum.models import Introduction, Post, PostRevision, Thread
from forum.services.rendering import introduction_search_text, render_post


def edit_post(
    *,
    editor: Member,
    post: Post,
    body: str,
    title: str | None = None,
    reason: str = "",
    answers_changed: bool = False,
) -> Post:
    """Change a post's text, keeping what it said before. The region tag never changes.

    A moderator's edit carries its `reason` into the history (moderation.services asks for it).
    An introduction's opening post is its "who I am": the introduction keeps the same words.
    `answers_changed`: post_introduction changed the introduction's other answers, which
    search finds the post by, so the post is saved even if its own text is the same.
    """
    permissions.check_can_edit_post(editor, post, reason)
    body = signals.check_edit(body)
    if title is not None:
        title = signals.check_edit(title)
    thread = post.thread
    title_changes = post.is_opening and title is not None and title.strip() != thread.title
    if body == post.body and not title_changes and not answers_changed:
        return post
    introduction = (
        Introduction.objects.filter(thread_id=post.thread_id).first() if post.is_opening else None
    )
    search_text = body
    if introduction is not None:
        search_text = introduction_search_text(
            who_i_am=body,
            where_from=introduction.where_from,
            hope_to_learn=introduction.hope_to_learn,
        )
    if body == post.body and not title_changes:
        # Only the introduction's other answers changed: the post's text has no new version.
        Post.objects.filter(pk=post.pk).update(
            search_document=search.search_document(thread.title, search_text)
        )
        caching.changed(caching.POSTS, caching.thread(post.thread_id), caching.post(post.pk))
        return post
    rendered = render_post(body)
    with transaction.atomic():
        PostRevision.objects.create(
            post=post,
            title=thread.title if post.is_opening else "",
            body=post.body,
            body_html=post.body_html,
            written_at=post.edited_at or post.created_at,
            editor=editor,
            reason=reason,
        )
        if post.is_opening:
            thread.language = rendered.language
            if title_changes:
                thread.title = title.strip()
            thread.save(update_fields=["language", "title"])
        post.body = body
        post.body_html = rendered.html
        post.language = rendered.language
        post.language_is_mixed = rendered.language_is_mixed
        post.search_document = search.search_document(
            thread.title if post.is_opening else "", search_text
        )
        if introduction is not None and introduction.who_i_am != body:
            Introduction.objects.filter(pk=introduction.pk).update(who_i_am=body)
        post.edited_at = timezone.now()
        post.save(
            update_fields=[
                "body",
                "body_html",
                "language",
                "language_is_mixed",
                "search_document",
                "edited_at",
            ]
        )
        caching.changed(caching.POSTS, caching.thread(post.thread_id), caching.post(post.pk))
    return post


def delete_post(*, author: Member, post: Post) -> Post:
    """Soft-delete a post (the opening post takes its thread with it). Nothing is erased."""
    permissions.check_can_delete_post(author, post)
    return soft_delete_post(post=post, by_moderators=False)


def soft_delete_post(*, post: Post, by_moderators: bool) -> Post:
    """The deletion itself, for the author (above) and for moderation.services, which checks
    its own permission and writes the audit log."""
    now = timezone.now()
    with transaction.atomic():
        Post.objects.filter(pk=post.pk, deleted_at__isnull=True).update(
            deleted_at=now, deleted_by_moderators=by_moderators
        )
        post.deleted_at = now
        post.deleted_by_moderators = by_moderators
        if post.is_opening:
            Thread.objects.filter(pk=post.thread_id).update(deleted_at=now)
            Introduction.objects.filter(thread_id=post.thread_id).delete()
        caching.changed(caching.POSTS, caching.thread(post.thread_id), caching.post(post.pk))
    return post
