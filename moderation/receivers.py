"""The checks forum and chat ask for before writing (forum/signals.py, chat/signals.py),
answered by moderation's content rules; no logic lives here."""

from django.dispatch import receiver

from chat.signals import conversation_checked, message_checked
from forum.signals import edit_checked, post_checked, reaction_checked, welcome_checked
from moderation import content_rules


@receiver(post_checked)
def check_post(sender, author, body, title, image_count, is_thread, **kwargs):
    return content_rules.check_post(
        author, body=body, title=title, image_count=image_count, is_thread=is_thread
    )


@receiver(welcome_checked)
def check_welcome(sender, author, body, **kwargs):
    return content_rules.check_welcome(author, body=body)


@receiver(edit_checked)
def check_edit(sender, text, **kwargs):
    return content_rules.check_words(text)


@receiver(reaction_checked)
def check_reaction(sender, member, **kwargs):
    content_rules.check_reaction(member)


@receiver(conversation_checked)
def check_new_conversation(sender, member, **kwargs):
    content_rules.check_new_conversation(member)


@receiver(message_checked)
def check_message(sender, author, body, **kwargs):
    return content_rules.check_message(author, body)
