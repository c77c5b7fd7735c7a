"""Who may moderate what, and who may report what. The only home of these rules.

Roles: an admin (superuser) and a site-wide moderator (staff) moderate everything; a category
moderator moderates the threads and posts of their categories (and warns their authors);
members report. Nobody moderates themselves, and only admins act on other staff.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from moderation.models import Case, CategoryModerator, Report


def _is_member(actor) -> bool:
    return bool(actor and actor.is_authenticated and actor.is_active)


def is_admin(actor) -> bool:
    return _is_member(actor) and actor.is_superuser


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


def is_moderator(actor) -> bool:
    """Any moderating role: site-wide, or for some categories."""
    return is_site_moderator(actor) or bool(moderated_category_ids(actor))


def can_moderate_category(actor, category_id: int | None) -> bool:
    return is_site_moderator(actor) or (
        category_id is not None and category_id in moderated_category_ids(actor)
    )


def _outranks(actor, member) -> bool:
    """Moderators act on members; only admins act on moderators and admins."""
    if actor.pk == member.pk:
        return False
    if member.is_staff or member.is_superuser or member.is_category_moderator:
        return is_admin(actor)
    return True


def can_moderate_post(actor, post) -> bool:
    return can_moderate_category(actor, post.thread.category_id) and _outranks(actor, post.author)


def check_can_moderate_post(actor, post) -> None:
    if not can_moderate_post(actor, post):
        raise PermissionDenied(_("You cannot moderate this post."))


def can_moderate_thread(actor, thread) -> bool:
    return can_moderate_category(actor, thread.category_id)


def check_can_moderate_thread(actor, thread) -> None:
    if not can_moderate_thread(actor, thread):
        raise PermissionDenied(_("You cannot moderate this thread."))


def check_can_move_thread(actor, thread, category) -> None:
    check_can_moderate_thread(actor, thread)
    if not can_moderate_category(actor, category.pk):
        raise PermissionDenied(_("You cannot move threads into that category."))


def can_warn_member(actor, member) -> bool:
    return is_moderator(actor) and _outranks(actor, member)


def check_can_warn_member(actor, member) -> None:
    if not can_warn_member(actor, member):
        raise PermissionDenied(_("You cannot warn this member."))


def can_restrict_member(actor, member) -> bool:
    """Silence, suspend, ban and lift: site-wide moderators and admins."""
    return is_site_moderator(actor) and _outranks(actor, member)


def check_can_restrict_member(actor, member) -> None:
    if not can_restrict_member(actor, member):
        raise PermissionDenied(_("You cannot restrict this member."))


def can_see_queue(actor) -> bool:
    return is_moderator(actor)


def check_can_see_queue(actor) -> None:
    if not _is_member(actor):
        raise PermissionDenied(_("Sign in first."))
    if not can_see_queue(actor):
        raise PermissionDenied(_("Only moderators can see this page."))


def can_see_case(actor, case: Case) -> bool:
    if case.kind == Case.Kind.POST:
        return can_moderate_category(actor, case.category_id)
    # Chat messages and profiles: site-wide moderators only (chat is private).
    return is_site_moderator(actor)


def check_can_decide_case(actor, case: Case) -> None:
    if not can_see_case(actor, case):
        raise Http404
    if not case.is_open:
        raise PermissionDenied(_("These reports have already been decided."))


def can_see_audit_log(actor) -> bool:
    return is_moderator(actor)


def check_can_see_audit_log(actor) -> None:
    if not can_see_audit_log(actor):
        raise PermissionDenied(_("Only moderators can see the audit log."))


def can_manage_watched_words(actor) -> bool:
    return is_site_moderator(actor)


def check_can_manage_watched_words(actor) -> None:
    if not can_manage_watched_words(actor):
        raise PermissionDenied(_("Only staff can change watched words."))


def can_report(actor, author) -> bool:
    """Members report others' content (not their own)."""
    return _is_member(actor) and actor.pk != author.pk


def check_can_report(actor, author) -> None:
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
    from moderation.models import Action

    names = []
    if can_warn_member(actor, member):
        names.append("warn")
    if can_restrict_member(actor, member):
        names += ["silence", "suspend", "ban"]
        if member.silenced_until or member.suspended_until or member.banned_at:
            names.append("restore")
    return [(name, Action(name).label) for name in names]
