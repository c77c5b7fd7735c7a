"""Signals of the apps below forum (chat and translation never import forum), and a category
saved anywhere (the admin), handed to forum services; no logic lives here."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from chat.signals import (
    member_blocked,
    message_request_received,
    message_request_settled,
    requests_shown,
)
from forum import selectors, services
from forum.models import Category
from translation.signals import suggestion_accepted


@receiver(message_request_received)
def notify_of_message_request(sender, recipient, author, **kwargs):
    services.notify_of_message_request(recipient=recipient, sender=author)


@receiver(message_request_settled)
def mark_message_request_read(sender, recipient, author, **kwargs):
    services.mark_message_request_read(recipient=recipient, sender=author)


@receiver(member_blocked)
def end_follow_on_block(sender, blocker, blocked, **kwargs):
    services.end_follow_on_block(blocker=blocker, blocked=blocked)


@receiver(requests_shown)
def add_senders_introductions(sender, conversations, **kwargs):
    introductions = selectors.live_introductions_of([c.sender_id for c in conversations])
    for conversation in conversations:
        conversation.sender_introduction = introductions.get(conversation.sender_id)


@receiver(suggestion_accepted)
def notify_of_accepted_suggestion(sender, suggestion, staff, **kwargs):
    services.notify(
        recipients=[suggestion.author], kind="suggestion", actor=staff, url=suggestion.content_url
    )


@receiver(post_save, sender=Category)
@receiver(post_delete, sender=Category)
def category_changed(sender, **kwargs):
    services.categories_changed()
