"""What moderators may do to members, cases and watched words, and who may report what. Who
moderates which category, and so which threads and posts, is the forum's (forum.permissions).

Roles: an admin (superuser) and a site-wide moderator (staff) moderate everything; a category
moderator moderates the threads and posts of their categories (and warns their authors);
members report. Nobody moderates themselves, and only admins act on other staff.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from forum import permissions as forum_permissions
from moderation.models import Action, Case, Report


def _is_member(actor) -> bool:
    return bool(actor and actor.is_authenticated and actor.is_active)


def is_admin(actor) -> bool:
    return _is_member(actor) and actor.is_superuser


def is_moderator(actor) -> bool:
    """Any moderating role: site-wide, or for some categories."""
    return forum_permissions.is_site_moderator(actor) or bool(
        forum_permissions.moderated_category_ids(actor)
    )


def check_can_moderate_post(actor, post) -> None:
    if not forum_permissions.can_moderate_post(actor, post):
        raise PermissionDenied(_("You cannot moderate this post."))


def check_can_moderate_thread(actor, thread) -> None:
    if not forum_permissions.can_moderate_thread(actor, thread):
        raise PermissionDenied(_("You cannot moderate this thread."))


def check_can_move_thread(actor, thread, category) -> None:
    check_can_moderate_thread(actor, thread)
    if not forum_permissions.can_moderate_category(actor, category.pk):
        raise PermissionDenied(_("You cannot move threads into that category."))


def can_warn_member(actor, member) -> bool:
    return is_moderator(actor) and forum_permissions.outranks(actor, member)


def check_can_warn_member(actor, member) -> None:
    if not can_warn_member(actor, member):
        raise PermissionDenied(_("You cannot warn this member."))


def can_restrict_member(actor, member) -> bool:
    """Silence, suspend, ban and lift: site-wide moderators and admins."""
    return forum_permissions.is_site_moderator(actor) and forum_permissions.outranks(actor, member)


def check_can_restrict_member(actor, member) -> None:
    if not can_restrict_member(actor, member):
        raise PermissionDenied(_("You cannot restrict this member."))


def check_can_see_queue(actor) -> None:
    if not _is_member(actor):
        raise PermissionDenied(_("Sign in first."))
    if not is_moderator(actor):
        raise PermissionDenied(_("Only moderators can see this page."))


def can_see_case(actor, case: Case) -> bool:
    if case.kind == Case.Kind.POST:
        return forum_permissions.can_moderate_category(actor, case.category_id)
    # Chat messages and profiles: site-wide moderators only (chat is private).
    return forum_permissions.is_site_moderator(actor)


def check_can_decide_case(actor, case: Case) -> None:
    if not can_see_case(actor, case):
        raise Http404
    if not case.is_open:
        raise PermissionDenied(_("These reports have already been decided."))


def check_can_see_audit_log(actor) -> None:
    if not is_moderator(actor):
        raise PermissionDenied(_("Only moderators can see the audit log."))


def check_can_manage_watched_words(actor) -> None:
    if not forum_permissions.is_site_moderator(actor):
        raise PermissionDenied(_("Only staff can change watched words."))


def check_can_report(actor, author) -> None:
    """Members report others' content (not their own)."""
    if not _is_member(actor):
        raise PermissionDenied(_("Sign in to report."))
    if actor.pk == author.pk:
        raise PermissionDenied(_("You cannot report yourself."))


def already_reported(actor, **target) -> bool:
    """Has this member reported this post, message or profile before (in any case)?"""
    lookup = {f"case__{key}": value for key, value in target.items()}
    if "member" in target:
        lookup["case__kind"] = Case.Kind.MEMBER
    return Report.objects.filter(reporter=actor, **lookup).exists()


def member_actions(actor, member) -> list[tuple[str, str]]:
    """The actions `actor` may take on `member`, with their labels, for menus."""
    names = []
    if can_warn_member(actor, member):
        names.append("warn")
    if can_restrict_member(actor, member):
        names += ["silence", "suspend", "ban"]
        if member.silenced_until or member.suspended_until or member.banned_at:
            names.append("restore")
    return [(name, Action(name).label) for name in names]
