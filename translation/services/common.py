"""What the others share: DeepL's target languages and client, if it is set up, a text's hash."""

import hashlib

import deepl
from django.conf import settings

# What members choose (settings.LANGUAGES) → DeepL's target codes (bare "ZH" is deprecated).
DEEPL_TARGETS = {"en": "EN-US", "zh-hans": "ZH-HANS"}


def is_configured() -> bool:
    return bool(settings.DEEPL_AUTH_KEY)


def target_for(member) -> str:
    language = getattr(member, "preferred_language", "") or "en"
    return language if language in DEEPL_TARGETS else "en"


def already_in(source_language: str, target_language: str) -> bool:
    """Text detected in the reader's own language needs no call (DeepL would bill it)."""
    return bool(source_language) and target_language.startswith(source_language)


def source_hash(html: str) -> str:
    return hashlib.sha256(html.encode()).hexdigest()


def deepl_client() -> deepl.DeepLClient:
    # The client does not retry (it would sleep inside the worker between tries): one call
    # per attempt, bounded by the timeout, and the Celery task retries with backoff.
    deepl.http_client.max_network_retries = 0
    deepl.http_client.min_connection_timeout = settings.DEEPL_TIMEOUT_SECONDS
    return deepl.DeepLClient(
        settings.DEEPL_AUTH_KEY,
        server_url=settings.DEEPL_SERVER_URL or None,
        send_platform_info=False,
    )
