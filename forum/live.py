"""How forum events look on a member's open pages (rendered per recipient)."""

from django.template.loader import render_to_string

from forum import selectors


def notification_badge(member, payload: dict) -> dict:
    """The header's unread count, as the page would render it on reload."""
    unread = selectors.unread_notification_count(member)
    return {
        "unread": unread,
        "html": render_to_string(
            "forum/_notification_badge.html", {"unread_notifications": unread}
        ),
    }
