from django.utils.functional import SimpleLazyObject

from forum import selectors


def notifications(request):
    """The header's unread count: one query, only on pages that show it."""
    return {
        "unread_notifications": SimpleLazyObject(
            lambda: selectors.unread_notification_count(request.user)
        )
    }
