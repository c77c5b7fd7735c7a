"""Posts: a moderator hides, shows, deletes, edits or approves a post."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Member
from forum import services as forum_services
from forum.models import Post, Thread
from moderation import permissions
from moderation.models import Action
from moderation.services.audit import (
    _act_on_post,
    _post_label,
    _record,
    _require_reason,
    _tell_author,
)


def hide_post(*, moderator: Member, post: Post, reason: str) -> Post:
    """Members see "hidden by moderators"; the author and moderators still read it."""
    permissions.check_can_moderate_post(moderator, post)
    reason = _require_reason(reason)
    if post.hidden_at is not None:
        return post
    with transaction.atomic():
        now = timezone.now()
        if not Post.objects.filter(pk=post.pk, hidden_at__isnull=True).update(
            hidden_at=now, hidden_reason=reason[:500]
        ):
            return post  # another moderator hid it a moment ago
        post.hidden_at, post.hidden_reason = now, reason[:500]
        _act_on_post(moderator=moderator, post=post, action=Action.HIDE, reason=reason)
    return post


def unhide_post(*, moderator: Member, post: Post, reason: str = "") -> Post:
    permissions.check_can_moderate_post(moderator, post)
    if post.hidden_at is None:
        return post
    with transaction.atomic():
        Post.objects.filter(pk=post.pk).update(hidden_at=None, hidden_reason="")
        post.hidden_at, post.hidden_reason = None, ""
        _record(
            moderator=moderator,
            action=Action.UNHIDE,
            target_label=_post_label(post),
            reason=reason.strip(),
            member=post.author,
            post=post,
        )
    return post


def delete_post(*, moderator: Member, post: Post, reason: str) -> Post:
    """Deleted by moderators (the opening post takes its thread); kept for the history."""
    permissions.check_can_moderate_post(moderator, post)
    reason = _require_reason(reason)
    if post.deleted_at is not None:
        return post
    with transaction.atomic():
        forum_services.soft_delete_post(post=post, by_moderators=True)
        _act_on_post(moderator=moderator, post=post, action=Action.DELETE, reason=reason)
    return post


def edit_post(*, moderator: Member, post: Post, body: str, reason: str) -> Post:
    """A moderator's edit: the reason is required and kept in the post's history."""
    permissions.check_can_moderate_post(moderator, post)
    reason = _require_reason(reason)
    if not body.strip():
        raise ValidationError(_("The post cannot be empty."))
    if body == post.body:
        return post
    with transaction.atomic():
        forum_services.edit_post(editor=moderator, post=post, body=body, reason=reason)
        _act_on_post(moderator=moderator, post=post, action=Action.EDIT, reason=reason)
    return post


def approve_post(*, moderator: Member, post: Post) -> Post:
    """A held post (a new member's link, a watched word) becomes visible to everyone."""
    permissions.check_can_moderate_post(moderator, post)
    if post.held_at is None:
        return post
    with transaction.atomic():
        # Conditional: of two clicks, one approves (and counts, and notifies).
        if not Post.objects.filter(pk=post.pk, held_at__isnull=False).update(
            held_at=None, held_reason=""
        ):
            return post
        post.held_at, post.held_reason = None, ""
        if post.is_opening:
            Thread.objects.filter(pk=post.thread_id).update(held_at=None)
        forum_services.announce_post(post)
        _tell_author(
            moderator=moderator, member=post.author, action=Action.APPROVE, reason="", post=post
        )
        _record(
            moderator=moderator,
            action=Action.APPROVE,
            target_label=_post_label(post),
            member=post.author,
            post=post,
        )
    return post
