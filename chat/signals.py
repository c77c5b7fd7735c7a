"""What chat announces to, and asks of, the apps above it, which it never imports: an app
that cares connects a receiver (in its receivers.py, from its AppConfig.ready) that calls its
own services or selectors. News of a change is sent inside the transaction that makes it, so
a receiver's rows commit with it. A question (a check before writing) is refused by raising a
ValidationError, whose localized message the form shows with the text kept."""

from django.dispatch import Signal

# A first message from a member the recipient does not follow waits in the recipient's
# Requests. Arguments: recipient, author (members), message.
message_request_received = Signal()

# The recipient accepted, deleted or blocked a request (or answered it, which accepts it).
# Arguments: recipient, author (members: who received it, who sent it).
message_request_settled = Signal()

# A member blocked another: what the apps above keep between the two (a follow) ends.
# Arguments: blocker, blocked (members).
member_blocked = Signal()

# A member's requests are about to be shown to them: an app above adds what helps them decide
# to each conversation (its `sender_id` is the member who wrote). Arguments: conversations.
requests_shown = Signal()

# Asked before a member starts a conversation: a receiver refuses with a ValidationError.
# Arguments: member.
conversation_checked = Signal()

# Asked before a message is written. Arguments: author, body. Answer: the text to write.
message_checked = Signal()


def check_message(author, body: str) -> str:
    answers = [each for _r, each in message_checked.send(sender=None, author=author, body=body)]
    return next((each for each in reversed(answers) if each is not None), body)


def check_new_conversation(member) -> None:
    conversation_checked.send(sender=None, member=member)
