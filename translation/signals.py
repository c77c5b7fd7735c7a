"""What translation announces to the apps above it, which it never imports: an app that
cares connects a receiver (in its receivers.py, from its AppConfig.ready). Sent inside the
transaction that makes the change, so a receiver's rows commit with it."""

from django.dispatch import Signal

# Staff accepted a member's suggested translation (it is now the one readers see).
# Arguments: suggestion, staff (the member who accepted it).
suggestion_accepted = Signal()
