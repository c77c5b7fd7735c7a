"""Bookmarks: posts members keep to come back to, and their reminders."""

import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.utils import timezone

from accounts.models import Member
from forum import permissions
from forum.models import Bookmark, Notification, Post
from forum.services.notifications import create_notifications

# The reminders a member picks from (name → how long from now), as Discourse offers them.
REMINDERS = {
    "hour": datetime.timedelta(hours=1),
    "tomorrow": datetime.timedelta(days=1),
    "three_days": datetime.timedelta(days=3),
    "week": datetime.timedelta(days=7),
}


def bookmark_post(*, member: Member, post: Post, remind_in: str = "") -> Bookmark:
    """Keep the post (again: with the new reminder, or none)."""
    permissions.check_can_bookmark(member, post)
    delay = REMINDERS.get(remind_in)
    bookmark, _created = Bookmark.objects.update_or_create(
        member=member,
        post=post,
        defaults={"remind_at": timezone.now() + delay if delay else None, "reminded_at": None},
    )
    return bookmark


def remove_bookmark(*, member: Member, post: Post) -> None:
    Bookmark.objects.filter(member=member, post=post).delete()


REMINDERS_AT_ONCE = 500


def send_due_reminders(now: datetime.datetime | None = None) -> int:
    """A notification for each reminder that came due (the worker runs this every minute).
    Each is claimed before it is sent, so two workers never send one twice; a post the member
    may no longer see sends nothing. Returns how many were sent."""
    now = now or timezone.now()
    due = Bookmark.objects.filter(reminded_at=None, remind_at__lte=now).select_related(
        "member", "post__thread"
    )
    sent = []
    for bookmark in due.order_by("remind_at")[:REMINDERS_AT_ONCE]:
        with transaction.atomic():
            claimed = Bookmark.objects.filter(pk=bookmark.pk, reminded_at=None)
            if not claimed.update(reminded_at=now):
                continue
            try:
                permissions.check_can_bookmark(bookmark.member, bookmark.post)
            except (PermissionDenied, Http404):  # gone or hidden, or the member was suspended
                continue
            sent.append(
                Notification(
                    recipient=bookmark.member,
                    kind=Notification.Kind.REMINDER,
                    actor_id=bookmark.post.author_id,
                    post=bookmark.post,
                )
            )
    create_notifications(sent)
    return len(sent)
