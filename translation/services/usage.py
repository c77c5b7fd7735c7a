"""DeepL's usage figure for the staff dashboard."""

import logging

import deepl
from django.conf import settings
from django.utils import timezone

from translation.models import UsageReading
from translation.services.common import deepl_client, is_configured, source_hash

logger = logging.getLogger(__name__)


def api_key_digest() -> str:
    return source_hash(settings.DEEPL_AUTH_KEY or "")


def record_deepl_usage() -> None:
    """Read DeepL's count of characters this period for the staff dashboard (worker only)."""
    if not is_configured():
        return
    try:
        usage = deepl_client().get_usage().character
    except deepl.DeepLException:  # the next periodic read tries again
        logger.warning("could not read DeepL usage", exc_info=True)
        return
    UsageReading.objects.update_or_create(
        key_digest=api_key_digest(),
        defaults={"characters": usage.count, "limit": usage.limit, "read_at": timezone.now()},
    )
