"""Web push: a member's notifications on the devices they turned push on for (pywebpush, with
the site's VAPID keys). The worker sends; a device the push service no longer knows goes."""

import json
import logging
from collections import defaultdict
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.utils import translation
from pywebpush import WebPushException, webpush

from accounts.models import Member
from core.markup import html_to_text
from forum.models import Notification, NotificationSettings, PushSubscription

logger = logging.getLogger(__name__)
PUSH_SECONDS = 10  # a push service slower than this is down for this notification


def push_configured() -> bool:
    return bool(settings.VAPID_PUBLIC_KEY and settings.VAPID_PRIVATE_KEY)


def subscribe_device(*, member: Member, endpoint: str, p256dh: str, auth: str) -> None:
    """Keep a device's subscription. The endpoint is the device: a member signing in on it
    after another takes it over."""
    subscription = PushSubscription(member=member, endpoint=endpoint, p256dh=p256dh, auth=auth)
    subscription.full_clean(exclude=["member"], validate_unique=False)
    if "\x00" in endpoint + p256dh + auth:
        raise ValidationError("a NUL character")
    # Push services are public https hosts; anything else would have the worker post to it.
    if urlsplit(endpoint).scheme not in settings.PUSH_ENDPOINT_SCHEMES:
        raise ValidationError({"endpoint": "not a push service's address"})
    PushSubscription.objects.update_or_create(
        endpoint=endpoint, defaults={"member": member, "p256dh": p256dh, "auth": auth}
    )


def unsubscribe_device(*, member: Member, endpoint: str) -> None:
    PushSubscription.objects.filter(member=member, endpoint=endpoint).delete()


def push_notifications(notification_ids: list[int]) -> int:
    """Send each notification to its recipient's devices, worded as their notifications page
    words it, in their language. Returns how many pushes the services took."""
    notifications = list(
        Notification.objects.filter(pk__in=notification_ids).select_related(
            "recipient", "actor", "post__thread__category"
        )
    )
    recipients = {notification.recipient_id for notification in notifications}
    muted = set(
        NotificationSettings.objects.filter(member_id__in=recipients, push=False).values_list(
            "member_id", flat=True
        )
    )
    devices = defaultdict(list)
    for subscription in PushSubscription.objects.filter(member_id__in=recipients - muted):
        devices[subscription.member_id].append(subscription)
    sent = 0
    for notification in notifications:
        if not devices[notification.recipient_id]:
            continue
        payload = json.dumps(_payload(notification), ensure_ascii=False)
        for subscription in devices[notification.recipient_id]:
            sent += _push(subscription, payload)
    return sent


def _payload(notification: Notification) -> dict:
    with translation.override(notification.recipient.preferred_language):
        text = render_to_string("forum/_notification_text.html", {"notification": notification})
    if notification.post_id:
        url = notification.post.get_absolute_url()
    else:
        url = notification.url or notification.actor.get_absolute_url()
    return {"title": "Halfway", "body": " ".join(html_to_text(text).split()), "url": url}


def _push(subscription: PushSubscription, payload: str) -> int:
    keys = {"p256dh": subscription.p256dh, "auth": subscription.auth}
    try:
        webpush(
            subscription_info={"endpoint": subscription.endpoint, "keys": keys},
            data=payload,
            vapid_private_key=settings.VAPID_PRIVATE_KEY,
            vapid_claims={"sub": settings.VAPID_SUBJECT},
            timeout=PUSH_SECONDS,
        )
    except WebPushException as error:
        status = getattr(error.response, "status_code", None)
        if status in (404, 410):  # the browser dropped it: the device is gone
            subscription.delete()
        else:
            logger.warning("push to %s failed: %s", subscription.endpoint[:60], status or error)
        return 0
    except (OSError, ValueError) as error:  # unreachable, or keys a browser never made
        logger.warning("push to %s failed: %s", subscription.endpoint[:60], error)
        return 0
    return 1
