"""chat's signals, handed to forum services (no logic lives here): chat sits below forum and
never imports it, so a message request reaches the notifications, and a block ends a follow,
this way. And a category saved anywhere (the admin), handed to the cache."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from chat.signals import member_blocked, message_request_received, message_request_settled
from forum import services
from forum.models import Category


@receiver(message_request_received)
def notify_of_message_request(sender, recipient, author, **kwargs):
    services.notify_of_message_request(recipient=recipient, sender=author)


@receiver(message_request_settled)
def mark_message_request_read(sender, recipient, author, **kwargs):
    services.mark_message_request_read(recipient=recipient, sender=author)


@receiver(member_blocked)
def end_follow_on_block(sender, blocker, blocked, **kwargs):
    services.end_follow_on_block(blocker=blocker, blocked=blocked)


@receiver(post_save, sender=Category)
@receiver(post_delete, sender=Category)
def category_changed(sender, **kwargs):
    services.categories_changed()
