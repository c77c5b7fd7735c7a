"""A member's notifications and their unread count."""

from django.core.paginator import Page, Paginator
from django.db.models import Exists, OuterRef
from django.utils.text import Truncator

from chat import selectors as chat_selectors
from core import caching
from core.markup import html_to_text
from core.pagination import requested_page
from forum.models import Notification, NotificationSettings, RegionFollow, Welcome

NOTIFICATIONS_PER_PAGE = 30
NOTIFICATION_PREVIEW_CHARACTERS = 120
# Kinds about a member's words; a moderation notice quotes its reason, not the post.
PREVIEWED_KINDS = {"reply", "quote", "mention", "reaction"}
PREVIEWED_KINDS |= {"followed", "new_thread", "arrival", "reminder"}  # and what they follow or kept
# What a preview reads of its post (notifications_for reads no more of it).
PREVIEW_FIELDS = (
    *("thread", "author", "body_html", "language", "region_code"),
    *("deleted_at", "hidden_at", "held_at"),
)


def notifications_for(member, page_number=1) -> Page:
    """A page of the member's notifications, each with `is_welcome` (the reply is a one-tap
    welcome) and `preview` (the post's opening words as plain text, or "" where the post is
    gone, waiting, hidden or by a member they blocked). Two queries: the count and the page."""
    notifications = (
        Notification.objects.filter(recipient=member)
        .select_related("actor", "post", "post__thread__category")
        # Only what the page shows of the actor, post and thread: thirty rows of whole
        # members, posts and threads cost more to read than the query does.
        .only(
            *(field.name for field in Notification._meta.concrete_fields),
            *(f"actor__{name}" for name in ("display_name", "username", "avatar")),
            *(f"post__{name}" for name in PREVIEW_FIELDS),
            "post__thread__title",
            "post__thread__category__is_introductions",
        )
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
    # The opening words only: the HTML up to a whole tag past what the preview can show.
    html = post.body_html
    cut = html.find(">", NOTIFICATION_PREVIEW_CHARACTERS * 8)
    text = " ".join(html_to_text(html if cut < 0 else html[: cut + 1]).split())
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


def notification_settings(member) -> tuple[NotificationSettings, list[str]]:
    """How the member hears of what they follow and whether on their devices (the defaults
    until they choose), and the regions whose introductions they want to hear of."""
    stored = NotificationSettings.objects.filter(member=member).first()
    regions = RegionFollow.objects.filter(member=member).order_by("region_code")
    return (
        stored or NotificationSettings(member=member),
        list(regions.values_list("region_code", flat=True)),
    )
