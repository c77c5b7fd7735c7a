"""Notifications: sent to members about a post, an action or what they follow, marked read."""

import datetime
from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, F, OuterRef, Q
from django.db.models.functions import Now
from django.urls import reverse
from django.utils import timezone

from accounts.models import Member, MemberFollow
from chat.selectors import blocked_either_way
from core import caching, realtime
from core.queueing import enqueue
from forum import selectors, tasks
from forum.models import Notification, NotificationSettings, Post, RegionFollow, ThreadFollow
from forum.services.rendering import RenderedPost

Kind = Notification.Kind
# What moderators and reviewers did reaches a member whatever blocks there are.
UNMUTED_KINDS = {Kind.SUGGESTION_ACCEPTED, Kind.MODERATION, Kind.REPORT_OUTCOME}


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
    """Notify members: never the actor of their own doing, nor, but for what moderators do,
    a member the actor blocked or who blocked the actor. Their open pages' bells update."""
    recipient_ids = {recipient.pk for recipient in recipients} - {actor.pk}
    if recipient_ids and kind not in UNMUTED_KINDS:
        recipient_ids -= blocked_either_way(actor.pk, recipient_ids)
    fields = {"reaction_kind": reaction_kind, "url": url, "action": action, "note": note[:500]}
    create_notifications(
        Notification(recipient_id=pk, kind=kind, actor=actor, post=post, **fields)
        for pk in sorted(recipient_ids)
    )


def create_notifications(rows: Iterable[Notification]) -> None:
    """Write notifications made here and by bookmarks' reminders; bells and devices follow."""
    if rows := list(rows):
        Notification.objects.bulk_create(rows)
        _changed([row.recipient_id for row in rows])
        if settings.VAPID_PRIVATE_KEY:  # and to their devices, by the worker
            ids = [row.pk for row in rows]
            transaction.on_commit(lambda: enqueue(tasks.push_notifications, ids), robust=True)


def _changed(recipient_ids: list[int]) -> None:
    caching.changed_for_members(selectors.UNREAD_NOTIFICATIONS, recipient_ids)
    realtime.publish_on_commit("notifications.changed", to=recipient_ids)


def _notify_about_post(post: Post, rendered: RenderedPost) -> None:
    """Tell the thread's author, the quoted author and the mentioned members, once each; then
    the worker tells whoever follows the thread, the author or the introduction's region, and
    pages with the thread open learn of a new reply."""
    notified: set[int] = {post.author_id}
    if post.quoted_post is not None and post.quoted_post.author_id not in notified:
        notify(recipients=[post.quoted_post.author], kind="quote", actor=post.author, post=post)
        notified.add(post.quoted_post.author_id)
    mentioned = [member for member in rendered.mentioned if member.pk not in notified]
    notify(recipients=mentioned, kind="mention", actor=post.author, post=post)
    notified |= {member.pk for member in mentioned}
    thread_author = post.thread.author
    if post.number > 1 and thread_author.pk not in notified:
        notify(recipients=[thread_author], kind="reply", actor=post.author, post=post)
    transaction.on_commit(lambda: enqueue(tasks.notify_followers, post.pk), robust=True)
    if post.number > 1:  # pages with the thread open offer it (forum/templates/forum/thread.html)
        frame = {"type": "thread.reply", "thread": post.thread_id, "number": post.number}
        realtime.broadcast_on_commit(
            f"thread:{post.thread_id}", {**frame, "author": post.author_id}
        )


def _visible_posts():
    return Post.objects.filter(
        deleted_at=None, hidden_at=None, held_at=None, thread__deleted_at=None, thread__held_at=None
    )


def notify_followers(post_id: int) -> None:
    """Tell, as it happens, the members who follow the post's thread (of a reply), its author
    (of a new thread or introduction) or its region (of an introduction). Members who take a
    daily summary, or nothing, are left to `send_daily_summaries`; a member told of the post
    already (a mention, a quote) is not told again; a member with an unread notice about the
    thread has its count raised instead of a new one. Runs in the worker."""
    post = _visible_posts().select_related("author", "thread__category").filter(pk=post_id).first()
    if post is None:
        return
    if post.number > 1:
        follows = ThreadFollow.objects.filter(thread_id=post.thread_id).values_list("member_id")
        kinds = dict.fromkeys((pk for (pk,) in follows), Kind.FOLLOWED_THREAD)
    else:
        followers = MemberFollow.objects.filter(followed_id=post.author_id)
        kinds = dict.fromkeys(followers.values_list("follower_id", flat=True), Kind.NEW_THREAD)
        if post.thread.category.is_introductions and post.region_code:
            regions = RegionFollow.objects.filter(region_code=post.region_code)
            for pk in regions.values_list("member_id", flat=True):
                kinds.setdefault(pk, Kind.ARRIVAL)
    told = Notification.objects.filter(post=post).values_list("recipient_id", flat=True)
    later = NotificationSettings.objects.exclude(follows=NotificationSettings.Delivery.EACH)
    recipient_ids = set(kinds) - {post.author_id} - set(told)
    recipient_ids -= set(
        later.filter(member_id__in=recipient_ids).values_list("member_id", flat=True)
    )
    recipient_ids -= blocked_either_way(post.author_id, recipient_ids)
    if post.number > 1 and recipient_ids:
        unread = Notification.objects.filter(
            recipient_id__in=recipient_ids,
            kind=Kind.FOLLOWED_THREAD,
            post__thread_id=post.thread_id,
            read_at=None,
        )
        if gathered := set(unread.values_list("recipient_id", flat=True)):
            Notification.objects.filter(pk__in=unread.values("pk")).update(
                count=F("count") + 1, created_at=Now()
            )
            _changed(sorted(gathered))
        recipient_ids -= gathered
    create_notifications(
        Notification(recipient_id=pk, kind=kinds[pk], actor_id=post.author_id, post=post)
        for pk in sorted(recipient_ids)
    )


DAY = datetime.timedelta(days=1)


def send_daily_summaries(now: datetime.datetime | None = None) -> int:
    """For each member who hears of what they follow once a day and whose last summary is a
    day old: the day's replies in each followed thread as one notice, with their count, and
    each new thread or introduction they would have been told of. Returns how many members
    were summarised. Safe to run at once in two workers: each member's window is claimed."""
    now = now or timezone.now()
    due = NotificationSettings.objects.filter(follows=NotificationSettings.Delivery.DAILY).filter(
        Q(summarized_until=None) | Q(summarized_until__lte=now - DAY)
    )
    summarised = 0
    for chosen in due.select_related("member"):
        with transaction.atomic():
            claimed = NotificationSettings.objects.filter(
                pk=chosen.pk, summarized_until=chosen.summarized_until
            ).update(summarized_until=now)
            if claimed:
                _summarise(chosen.member, since=chosen.summarized_until or now - DAY, until=now)
                summarised += 1
    return summarised


def _summarise(member: Member, *, since: datetime.datetime, until: datetime.datetime) -> None:
    posts = (
        _visible_posts()
        .filter(created_at__gt=since, created_at__lte=until)
        .exclude(author=member)
        .exclude(Exists(Notification.objects.filter(recipient=member, post=OuterRef("pk"))))
        .order_by("pk")
    )
    regions = RegionFollow.objects.filter(member=member).values("region_code")
    replies = list(posts.filter(number__gt=1, thread__follows__member=member))
    openings = list(
        posts.filter(number=1)
        .filter(
            Q(author__followers__follower=member)
            | Q(thread__category__is_introductions=True, region_code__in=regions)
        )
        .distinct()
    )
    muted = blocked_either_way(member.pk, {post.author_id for post in replies + openings})
    first_of_thread: dict[int, Notification] = {}
    for post in replies:
        if post.author_id in muted:
            continue
        if notice := first_of_thread.get(post.thread_id):
            notice.count += 1
        else:
            first_of_thread[post.thread_id] = Notification(
                recipient=member, kind=Kind.FOLLOWED_THREAD, actor_id=post.author_id, post=post
            )
    following = set(
        MemberFollow.objects.filter(follower=member).values_list("followed_id", flat=True)
    )
    create_notifications(
        [
            *first_of_thread.values(),
            *(
                Notification(
                    recipient=member,
                    kind=Kind.NEW_THREAD if post.author_id in following else Kind.ARRIVAL,
                    actor_id=post.author_id,
                    post=post,
                )
                for post in openings
                if post.author_id not in muted
            ),
        ]
    )


@transaction.atomic
def save_notification_settings(
    *,
    member: Member,
    follows: str,
    regions: Iterable[str],
    push: bool = True,
    email_away: bool = True,
    email_digest: bool = True,
) -> None:
    """The member's choices; a member who turns to daily summaries starts from now."""
    chosen, _created = NotificationSettings.objects.get_or_create(member=member)
    if follows == NotificationSettings.Delivery.DAILY != chosen.follows:
        chosen.summarized_until = timezone.now()
    chosen.follows = follows
    chosen.push = push
    chosen.email_away = email_away
    chosen.email_digest = email_digest
    chosen.save()
    wanted = set(regions)
    RegionFollow.objects.filter(member=member).exclude(region_code__in=wanted).delete()
    RegionFollow.objects.bulk_create(
        [RegionFollow(member=member, region_code=code) for code in sorted(wanted)],
        ignore_conflicts=True,
    )


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
