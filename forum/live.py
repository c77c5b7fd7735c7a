"""How forum events look on a member's open pages (rendered per recipient), and who may
watch a thread for new replies."""

from django.template.loader import render_to_string

from forum import permissions, selectors
from forum.models import Thread


def notification_badge(member, payload: dict) -> dict:
    """The header's unread count, as the page would render it on reload."""
    unread = selectors.unread_notification_count(member)
    return {
        "unread": unread,
        "html": render_to_string(
            "forum/_notification_badge.html", {"unread_notifications": unread}
        ),
    }


def may_watch_thread(member, thread_id: str) -> bool:
    thread = Thread.objects.filter(pk=int(thread_id)).first()
    return thread is not None and permissions.can_see_thread(member, thread)
