"""What chat announces to the apps above it. Chat imports none of them: an app that cares
connects a receiver (in its receivers.py, from its AppConfig.ready) that calls its own services
or selectors. News of a change is sent inside the transaction that makes it, so a receiver's
rows commit with it.
"""

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
