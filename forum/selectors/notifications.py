"""A member's notifications and their unread count."""

from django.core.paginator import Page, Paginator
from django.db.models import (
    Exists,
    OuterRef,
)
from django.utils.text import Truncator

from chat import selectors as chat_selectors
from core import caching
from core.markup import html_to_text
from core.pagination import requested_page
from forum.models import (
    Notification,
    Welcome,
)

NOTIFICATIONS_PER_PAGE = 30


NOTIFICATION_PREVIEW_CHARACTERS = 120
# Kinds about a member's words; a moderation notice quotes its reason, not the post.
PREVIEWED_KINDS = {"reply", "quote", "mention", "reaction"}


def notifications_for(member, page_number=1) -> Page:
    """A page of the member's notifications, each with `is_welcome` (the reply is a one-tap
    welcome) and `preview` (the post's opening words as plain text, or "" where the post is
    gone, waiting, hidden or by a member they blocked). Two queries: the count and the page."""
    notifications = (
        Notification.objects.filter(recipient=member)
        .select_related("actor", "post", "post__thread")
        .annotate(is_welcome=Exists(Welcome.objects.filter(post_id=OuterRef("post_id"))))
    )
    page = Paginator(notifications, NOTIFICATIONS_PER_PAGE).get_page(requested_page(page_number))
    blocked = chat_selectors.blocked_ids(member)
    for notification in page.object_list:
        notification.preview = _notification_preview(notification, blocked)
    return page


def _notification_preview(notification: Notification, blocked: set[int]) -> str:
    post = notification.post
    if (
        post is None
        or notification.kind not in PREVIEWED_KINDS
        or post.deleted_at is not None
        or post.hidden_at is not None
        or post.held_at is not None
        or post.author_id in blocked
    ):
        return ""
    text = " ".join(html_to_text(post.body_html).split())
    return Truncator(text).chars(NOTIFICATION_PREVIEW_CHARACTERS)


# Every page's header shows it; notify() and mark_notifications_read() drop the kept one.
UNREAD_NOTIFICATIONS = caching.prefetched("unread-notifications")
UNREAD_NOTIFICATIONS_SECONDS = 300


def unread_notification_count(member) -> int:
    if not member.is_authenticated:
        return 0
    return caching.cached_for_member(
        UNREAD_NOTIFICATIONS,
        member.pk,
        lambda: Notification.objects.filter(recipient=member, read_at__isnull=True).count(),
        UNREAD_NOTIFICATIONS_SECONDS,
    )
