"""Threads: a moderator locks, pins or moves a thread."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Member
from forum.models import Category, Thread
from moderation import permissions
from moderation.models import Action, Case
from moderation.services.audit import _record

# Each thread flag a moderator sets: the action, the field it sets, and whether it sets it.
THREAD_FLAGS = {
    Action.LOCK: ("locked_at", True),  # no new replies (moderators of the thread still may)
    Action.UNLOCK: ("locked_at", False),
    Action.PIN: ("pinned_at", True),  # first in its category, above newer activity
    Action.UNPIN: ("pinned_at", False),
}


def flag_thread(*, moderator: Member, thread: Thread, action: str, reason: str = "") -> Thread:
    """Lock, unlock, pin or unpin a thread (`action`); doing what is already done does nothing."""
    permissions.check_can_moderate_thread(moderator, thread)
    field, on = THREAD_FLAGS[action]
    if (getattr(thread, field) is not None) == on:
        return thread
    value = timezone.now() if on else None
    with transaction.atomic():
        Thread.objects.filter(pk=thread.pk).update(**{field: value})
        setattr(thread, field, value)
        _record(
            moderator=moderator,
            action=action,
            target_label=thread.title[:200],
            reason=reason.strip(),
            member=thread.author,
            thread=thread,
        )
    return thread


def move_thread(
    *, moderator: Member, thread: Thread, category: Category, reason: str = ""
) -> Thread:
    permissions.check_can_move_thread(moderator, thread, category)
    if thread.category_id == category.pk:
        return thread
    if category.is_introductions or thread.category.is_introductions:
        raise ValidationError(_("Introductions stay in Introductions, and only they belong there."))
    previous = thread.category
    with transaction.atomic():
        Thread.objects.filter(pk=thread.pk).update(category=category)
        Case.objects.filter(post__thread=thread, status=Case.Status.OPEN).update(category=category)
        thread.category = category
        _record(
            moderator=moderator,
            action=Action.MOVE,
            target_label=thread.title[:200],
            reason=reason.strip(),
            member=thread.author,
            thread=thread,
            details={"from": previous.slug, "to": category.slug},
        )
    return thread
