from django.utils.functional import SimpleLazyObject

from chat import selectors


def unread_messages(request):
    """The header's unread chat count: one query, only on pages that show it."""
    return {
        "unread_messages": SimpleLazyObject(lambda: selectors.unread_message_count(request.user))
    }
