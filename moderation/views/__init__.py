"""Moderation's pages, one module per room: reports, the queue, actions, the audit log,
watched words."""
