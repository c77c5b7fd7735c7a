"""Who may do what in the forum, moderators included: who moderates which category is the
forum's (moderation asks here). Views, templates (through views) and services ask here."""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext as _

from accounts.permissions import why_cannot_post
from chat import selectors as chat_selectors
from forum.models import CategoryModerator, Post, PostImage, Thread


def _is_member(actor) -> bool:
    return bool(actor and actor.is_authenticated and actor.is_active)


def is_site_moderator(actor) -> bool:
    return _is_member(actor) and (actor.is_staff or actor.is_superuser)


def moderated_category_ids(actor) -> frozenset[int]:
    """The categories a category moderator looks after; read once per request object."""
    if not _is_member(actor) or not actor.is_category_moderator:
        return frozenset()
    cached = getattr(actor, "_moderated_category_ids", None)
    if cached is None:
        cached = frozenset(
            CategoryModerator.objects.filter(member=actor).values_list("category_id", flat=True)
        )
        actor._moderated_category_ids = cached
    return cached


def can_moderate_category(actor, category_id: int | None) -> bool:
    return is_site_moderator(actor) or (
        category_id is not None and category_id in moderated_category_ids(actor)
    )


def outranks(actor, member) -> bool:
    """Moderators act on members; only admins act on moderators and admins."""
    if actor.pk == member.pk:
        return False
    if member.is_staff or member.is_superuser or member.is_category_moderator:
        return _is_member(actor) and actor.is_superuser
    return True


def can_moderate_post(actor, post) -> bool:
    return can_moderate_category(actor, post.thread.category_id) and outranks(actor, post.author)


def can_moderate_thread(actor, thread) -> bool:
    return can_moderate_category(actor, thread.category_id)


def sees_deleted_threads(actor) -> bool:
    """Staff: deleted threads stay listed and open for them (moderation.permissions.is_moderator
    is anyone with a moderating role)."""
    return _is_member(actor) and actor.is_staff


def can_see_thread(actor, thread: Thread) -> bool:
    if thread.deleted_at is not None and not sees_deleted_threads(actor):
        return False
    if thread.held_at is not None:
        # Waiting for approval: its author and its moderators only.
        return _is_member(actor) and (
            actor.pk == thread.author_id or can_moderate_thread(actor, thread)
        )
    return True


def check_can_see_thread(actor, thread: Thread) -> None:
    # A deleted thread is as missing as one that never existed.
    if not can_see_thread(actor, thread):
        raise Http404


def check_can_start_thread(actor) -> None:
    if not _is_member(actor):
        raise PermissionDenied(_("Sign in to start a thread."))
    if reason := why_cannot_post(actor):
        raise PermissionDenied(reason)


def _is_blocked_by(actor, member_id: int, *, writing: bool = False) -> bool:
    """A member who blocked `actor` cannot be replied to, quoted, mentioned or followed by them.

    Pages read the member's cached block relations; a write (`writing`) reads the database, so
    a block made a moment ago stops the very next write."""
    if writing:
        return chat_selectors.is_blocked_by(actor.pk, member_id)
    return member_id in chat_selectors.block_relations(actor).blockers


def can_reply(actor, thread: Thread, *, is_blocked: bool | None = None) -> bool:
    """`is_blocked` (whether the thread's author blocked `actor`) may come preloaded."""
    return (
        _is_member(actor)
        and thread.deleted_at is None
        and (thread.locked_at is None or can_moderate_thread(actor, thread))
        and not (_is_blocked_by(actor, thread.author_id) if is_blocked is None else is_blocked)
        and why_cannot_post(actor) is None
    )


def why_cannot_reply(actor, thread: Thread, *, writing: bool = False) -> str | None:
    """None when `actor` may reply in `thread`, else the reason to show where the form would be
    (`writing`: the reason to refuse a reply, read from the database)."""
    if not _is_member(actor):
        return _("Sign in to reply.")
    if thread.deleted_at is not None:
        return _("This thread has been deleted.")
    if thread.locked_at is not None and not can_moderate_thread(actor, thread):
        return _("This thread is locked: no new replies.")
    if reason := why_cannot_post(actor):
        return reason
    if _is_blocked_by(actor, thread.author_id, writing=writing):
        return _("You cannot reply to this member.")
    return None


def check_can_reply(actor, thread: Thread) -> None:
    if reason := why_cannot_reply(actor, thread, writing=True):
        raise PermissionDenied(reason)


def check_can_quote(actor, post: Post) -> None:
    if _is_blocked_by(actor, post.author_id, writing=True):
        raise PermissionDenied(_("You cannot quote this member."))


def can_edit_post(actor, post: Post) -> bool:
    return _is_member(actor) and post.deleted_at is None and actor.pk == post.author_id


def check_can_edit_post(actor, post: Post, reason: str = "") -> None:
    """The author edits their post; a moderator edits it only with a reason for the history."""
    if can_edit_post(actor, post):
        if why := why_cannot_post(actor):
            raise PermissionDenied(why)  # a silenced member does not rewrite either
    elif not (reason and post.deleted_at is None and can_moderate_post(actor, post)):
        raise PermissionDenied(_("Only the author can edit this post."))


def check_can_delete_post(actor, post: Post) -> None:
    if not can_edit_post(actor, post):
        raise PermissionDenied(_("Only the author can delete this post."))


def can_see_post_text(actor, post: Post) -> bool:
    """A hidden or held post's text is for its author and moderators; others see that it was
    hidden (or nothing, while it waits for approval), and cannot quote, translate or report it."""
    if post.hidden_at is None and post.held_at is None:
        return True
    return _is_member(actor) and (
        actor.pk == post.author_id or can_moderate_thread(actor, post.thread)
    )


def can_see_post_photos(actor, post: Post) -> bool:
    """A post's photos go with its text: while it is held, hidden or deleted, only its author
    and its moderators may see them, and nobody sees more of a thread they may not see."""
    if not can_see_thread(actor, post.thread):
        return False
    if post.held_at is None and post.hidden_at is None and post.deleted_at is None:
        return True
    return _is_member(actor) and (
        actor.pk == post.author_id or can_moderate_thread(actor, post.thread)
    )


def can_see_photo(actor, name: str) -> bool:
    """`name` is a post photo or thumbnail that `actor` may see in some post. Identical files
    share a name, so one post the actor may see is enough: it shows them the same bytes."""
    images = PostImage.objects.filter(Q(image=name) | Q(thumbnail=name)).select_related(
        "post__thread"
    )
    return any(can_see_post_photos(actor, image.post) for image in images)


def check_can_see_history(actor, post: Post) -> None:
    if not (_is_member(actor) and (actor.pk == post.author_id or can_moderate_post(actor, post))):
        raise PermissionDenied(_("Only the author and moderators can see earlier versions."))


def can_react(actor, post: Post) -> bool:
    return _is_member(actor) and post.deleted_at is None and actor.pk != post.author_id


def check_can_react(actor, post: Post) -> None:
    if not _is_member(actor):
        raise PermissionDenied(_("Sign in to react."))
    if reason := why_cannot_post(actor):
        raise PermissionDenied(reason)
    if actor.pk == post.author_id:
        raise PermissionDenied(_("You cannot react to your own post."))
    if post.deleted_at is not None:
        raise PermissionDenied(_("This post has been deleted."))


def can_follow_member(actor, member) -> bool:
    return _is_member(actor) and actor.pk != member.pk and not _is_blocked_by(actor, member.pk)


def check_can_follow_member(actor, member) -> None:
    if _is_member(actor) and _is_blocked_by(actor, member.pk, writing=True):
        raise PermissionDenied(_("You cannot follow this member."))
    if not _is_member(actor) or actor.pk == member.pk:
        raise PermissionDenied(_("You cannot follow yourself."))


def check_can_follow_thread(actor, thread: Thread) -> None:
    if not _is_member(actor):
        raise PermissionDenied(_("Sign in to follow threads."))
    check_can_see_thread(actor, thread)


def can_welcome(actor, introduction, *, is_blocked: bool | None = None) -> bool:
    """Show the "Welcome 👋" button: a member who may reply to someone else's introduction.

    `is_blocked` (whether the newcomer blocked the actor) may come preloaded from a selector,
    which asks once for a whole panel of introductions.
    """
    if _is_member(actor) and actor.pk == introduction.member_id:
        return False
    return can_reply(actor, introduction.thread, is_blocked=is_blocked)


def check_can_welcome(actor, introduction) -> None:
    """A welcome is a reply to the introduction, by anyone but the newcomer themselves."""
    if _is_member(actor) and actor.pk == introduction.member_id:
        raise PermissionDenied(_("You cannot welcome yourself."))
    check_can_reply(actor, introduction.thread)


def check_can_bookmark(actor, post: Post) -> None:
    """A member keeps what they may read: a post they can see, in a thread they can see."""
    if not _is_member(actor):
        raise PermissionDenied(_("Sign in to keep bookmarks."))
    if post.deleted_at is not None or not can_see_thread(actor, post.thread):
        raise Http404
    if not can_see_post_text(actor, post):
        raise Http404
