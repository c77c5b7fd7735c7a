"""Notifications: sent to members about a post or an action, marked read."""

from collections.abc import Iterable

from django.urls import reverse
from django.utils import timezone

from accounts.models import Member
from chat.selectors import blockers_of
from core import caching, realtime
from forum import selectors
from forum.models import Notification, Post
from forum.services.rendering import RenderedPost


def notify(
    *,
    recipients: Iterable[Member],
    kind: str,
    actor: Member,
    post: Post | None = None,
    reaction_kind: str = "",
    url: str = "",
    action: str = "",
    note: str = "",
) -> None:
    """Notify members (never the actor of their own doing); their open pages' bells update."""
    rows = [
        Notification(
            recipient=recipient,
            kind=kind,
            actor=actor,
            post=post,
            reaction_kind=reaction_kind,
            url=url,
            action=action,
            note=note[:500],
        )
        for recipient in recipients
        if recipient.pk != actor.pk
    ]
    if rows:
        Notification.objects.bulk_create(rows)
        recipient_ids = [row.recipient_id for row in rows]
        caching.changed_for_members(selectors.UNREAD_NOTIFICATIONS, recipient_ids)
        realtime.publish_on_commit("notifications.changed", to=recipient_ids)


def _notify_about_post(post: Post, rendered: RenderedPost) -> None:
    """Tell the thread's author, the quoted author and the mentioned members, once each."""
    notified: set[int] = {post.author_id}
    if post.quoted_post is not None and post.quoted_post.author_id not in notified:
        notify(recipients=[post.quoted_post.author], kind="quote", actor=post.author, post=post)
        notified.add(post.quoted_post.author_id)
    # A member who blocked the author is not reached by their @mention.
    blockers = blockers_of(post.author_id, [member.pk for member in rendered.mentioned])
    mentioned = [
        member
        for member in rendered.mentioned
        if member.pk not in notified and member.pk not in blockers
    ]
    notify(recipients=mentioned, kind="mention", actor=post.author, post=post)
    notified |= {member.pk for member in mentioned}
    thread_author = post.thread.author
    if post.number > 1 and thread_author.pk not in notified:
        notify(recipients=[thread_author], kind="reply", actor=post.author, post=post)


def mark_notifications_read(
    *, member: Member, notification_ids: Iterable[int] | None = None
) -> int:
    """Mark some (or all) of a member's unread notifications read; return how many changed."""
    unread = Notification.objects.filter(recipient=member, read_at__isnull=True)
    if notification_ids is not None:
        unread = unread.filter(pk__in=list(notification_ids))
    changed = unread.update(read_at=timezone.now())
    if changed:
        caching.changed_for_members(selectors.UNREAD_NOTIFICATIONS, [member.pk])
        realtime.publish_on_commit("notifications.changed", to=[member.pk])
    return changed


def notify_of_message_request(*, recipient: Member, sender: Member) -> None:
    """Tell a member that a first message from someone they don't follow waits in Requests."""
    notify(
        recipients=[recipient],
        kind=Notification.Kind.MESSAGE_REQUEST,
        actor=sender,
        url=reverse("chat:requests"),
    )


def mark_message_request_read(*, recipient: Member, sender: Member) -> None:
    """The member decided on the sender's request: its notification has nothing left to say."""
    unread = Notification.objects.filter(
        recipient=recipient,
        actor=sender,
        kind=Notification.Kind.MESSAGE_REQUEST,
        read_at__isnull=True,
    )
    if unread.update(read_at=timezone.now()):
        caching.changed_for_members(selectors.UNREAD_NOTIFICATIONS, [recipient.pk])
        realtime.publish_on_commit("notifications.changed", to=[recipient.pk])
