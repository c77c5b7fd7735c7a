"""Settings for the chat benchmark: the site's own, with members' rate limits lifted (the
benchmark's senders write far faster than any person)."""

from halfway.settings.base import *  # noqa: F403

CHAT_MESSAGE_RATE_LIMIT = (1_000_000, 60)
CHAT_NEW_CONVERSATION_LIMIT = (1_000_000, 60)
