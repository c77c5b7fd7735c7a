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
