"""Filters for the settings' LOGGING: what an operator never needs to read."""

import logging

from django.core.exceptions import PermissionDenied


def without_refusal_traceback(record: logging.LogRecord) -> bool:
    """Keep Django's one line for a 403 and drop its traceback.

    A PermissionDenied is a member being told no ("Only moderators can see this page"), not a
    fault: Django logs each with the stack of the view that refused, which buries real errors.
    """
    if record.exc_info and isinstance(record.exc_info[1], PermissionDenied):
        record.exc_info = None
        record.exc_text = None
    return True


class CacheUnreachable(logging.Filter):
    """One warning line every 10 s while Redis is away, not a traceback per cache operation:
    django-redis logs each operation it answers as a miss (DJANGO_REDIS_IGNORE_EXCEPTIONS)."""

    every_seconds = 10.0
    last = float("-inf")

    def filter(self, record: logging.LogRecord) -> bool:
        if record.created - self.last < self.every_seconds:
            return False
        self.last = record.created
        if record.exc_info:  # not already rewritten (by a filter of a second dictConfig)
            record.msg = "cache unreachable (%s); carrying on without it"
            record.args = (record.exc_info[1],)
            record.levelno, record.levelname = logging.WARNING, "WARNING"
            record.exc_info = record.exc_text = None
        return True
