"""Who may do what in the forum. Views, templates (through views) and services ask here."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from forum.models import Post, Thread


def _is_member(actor) -> bool:
    return bool(actor and actor.is_authenticated and actor.is_active)


def is_moderator(actor) -> bool:
    return _is_member(actor) and actor.is_staff


def can_see_thread(actor, thread: Thread) -> bool:
    return thread.deleted_at is None or is_moderator(actor)


def check_can_see_thread(actor, thread: Thread) -> None:
    # A deleted thread is as missing as one that never existed.
    if not can_see_thread(actor, thread):
        raise Http404


def can_start_thread(actor) -> bool:
    return _is_member(actor)


def check_can_start_thread(actor) -> None:
    if not can_start_thread(actor):
        raise PermissionDenied(_("Sign in to start a thread."))


def _is_blocked_by(actor, member_id: int) -> bool:
    """A member who blocked `actor` cannot be replied to, quoted, mentioned or followed by them."""
    from chat.selectors import is_blocked_by

    return is_blocked_by(actor.pk, member_id)


def can_reply(actor, thread: Thread) -> bool:
    return (
        _is_member(actor)
        and thread.deleted_at is None
        and not _is_blocked_by(actor, thread.author_id)
    )


def check_can_reply(actor, thread: Thread) -> None:
    if not _is_member(actor):
        raise PermissionDenied(_("Sign in to reply."))
    if thread.deleted_at is not None:
        raise PermissionDenied(_("This thread has been deleted."))
    if _is_blocked_by(actor, thread.author_id):
        raise PermissionDenied(_("You cannot reply to this member."))


def check_can_quote(actor, post: Post) -> None:
    if _is_blocked_by(actor, post.author_id):
        raise PermissionDenied(_("You cannot quote this member."))


def can_edit_post(actor, post: Post) -> bool:
    return _is_member(actor) and post.deleted_at is None and actor.pk == post.author_id


def check_can_edit_post(actor, post: Post) -> None:
    if not can_edit_post(actor, post):
        raise PermissionDenied(_("Only the author can edit this post."))


def can_delete_post(actor, post: Post) -> bool:
    return can_edit_post(actor, post)


def check_can_delete_post(actor, post: Post) -> None:
    if not can_delete_post(actor, post):
        raise PermissionDenied(_("Only the author can delete this post."))


def can_see_history(actor, post: Post) -> bool:
    return _is_member(actor) and (actor.pk == post.author_id or actor.is_staff)


def check_can_see_history(actor, post: Post) -> None:
    if not can_see_history(actor, post):
        raise PermissionDenied(_("Only the author and moderators can see earlier versions."))


def can_react(actor, post: Post) -> bool:
    return _is_member(actor) and post.deleted_at is None and actor.pk != post.author_id


def check_can_react(actor, post: Post) -> None:
    if not _is_member(actor):
        raise PermissionDenied(_("Sign in to react."))
    if actor.pk == post.author_id:
        raise PermissionDenied(_("You cannot react to your own post."))
    if post.deleted_at is not None:
        raise PermissionDenied(_("This post has been deleted."))


def can_follow_member(actor, member) -> bool:
    return _is_member(actor) and actor.pk != member.pk and not _is_blocked_by(actor, member.pk)


def check_can_follow_member(actor, member) -> None:
    if _is_member(actor) and _is_blocked_by(actor, member.pk):
        raise PermissionDenied(_("You cannot follow this member."))
    if not can_follow_member(actor, member):
        raise PermissionDenied(_("You cannot follow yourself."))


def check_can_follow_thread(actor, thread: Thread) -> None:
    if not _is_member(actor):
        raise PermissionDenied(_("Sign in to follow threads."))
    check_can_see_thread(actor, thread)
