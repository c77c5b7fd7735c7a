from celery import shared_task

from forum import services


@shared_task(acks_late=True)
def notify_followers(post_id: int) -> None:
    """Tell who follows a post's thread, author or region. Run twice (a worker lost after its
    work), a member is not told of the post again, though a gathered count may rise by one."""
    services.notify_followers(post_id)


@shared_task(acks_late=True)
def send_daily_summaries() -> None:
    services.send_daily_summaries()


@shared_task(acks_late=True)
def send_due_reminders() -> None:
    services.send_due_reminders()


@shared_task(acks_late=True)
def push_notifications(notification_ids: list[int]) -> None:
    services.push_notifications(notification_ids)


@shared_task(acks_late=True)
def send_away_emails() -> None:
    services.send_away_emails()


@shared_task(acks_late=True)
def send_weekly_digests() -> None:
    services.send_weekly_digests()
