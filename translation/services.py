"""Translations: asked for by readers, made once by the worker through DeepL, shared by all."""

import hashlib
import logging
import time
from dataclasses import dataclass

import deepl
from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import F

from halfway import realtime
from halfway.markup import sanitize_html
from translation import tasks
from translation.exceptions import RetryLater
from translation.models import Reader, Translation

logger = logging.getLogger(__name__)

# What members choose (settings.LANGUAGES) → DeepL's target codes (bare "ZH" is deprecated).
DEEPL_TARGETS = {"en": "EN-US", "zh-hans": "ZH-HANS"}
# Languages detected at save time (translation.detection codes) → DeepL's source codes.
DEEPL_SOURCES = {"en": "EN", "zh": "ZH", "es": "ES", "pt": "PT", "fr": "FR", "de": "DE",
                 "ja": "JA", "ko": "KO"}  # fmt: skip
MAX_SOURCE_CHARACTERS = 20_000


def is_configured() -> bool:
    return bool(settings.DEEPL_AUTH_KEY)


def target_for(member) -> str:
    language = getattr(member, "preferred_language", "") or "en"
    return language if language in DEEPL_TARGETS else "en"


def already_in(source_language: str, target_language: str) -> bool:
    """Text detected in the reader's own language needs no call (DeepL would bill it)."""
    return bool(source_language) and target_language.startswith(source_language)


def _hash(html: str) -> str:
    return hashlib.sha256(html.encode()).hexdigest()


@dataclass(frozen=True)
class Outcome:
    translation: Translation | None
    state: str  # "done", "pending", "failed", "not_configured", "same_language", ...


@dataclass(frozen=True)
class Wanted:
    """One text a reader wants translated, and the element of their page that shows it."""

    source_html: str
    source_language: str
    element_id: str
    anyway: bool = False  # asked although it was detected as the reader's own language


def request_translation(
    *, reader, source_html: str, source_language: str, element_id: str, anyway: bool = False
) -> Outcome:
    """Return the translation of one text into the reader's language, or start making it."""
    wanted = Wanted(source_html, source_language, element_id, anyway)
    return request_translations(reader=reader, wanted=[wanted])[element_id]


def request_translations(*, reader, wanted: list[Wanted]) -> dict[str, Outcome]:
    """Translations of many texts into the reader's language (one click, or a whole page).

    Cached ones come back at once (no key needed, no limit). For the others one pending row
    each is made (concurrent first clicks meet at a unique constraint, so one call), the
    reader is noted as waiting for each element, and one task makes them all in as few
    DeepL requests as the API allows. Text detected in the reader's own language is not sent
    unless asked `anyway` (detection errs): then DeepL decides what language it is.
    """
    target = target_for(reader)
    outcomes: dict[str, Outcome] = {}
    candidates = []
    for item in wanted:
        if not item.anyway and already_in(item.source_language, target):
            outcomes[item.element_id] = Outcome(None, "same_language")
        else:
            candidates.append(item)
    hashes = {item.element_id: _hash(item.source_html) for item in candidates}
    existing = {
        translation.source_hash: translation
        for translation in Translation.objects.filter(
            source_hash__in=set(hashes.values()), target_language=target
        )
    }
    if existing:
        Translation.objects.filter(pk__in=[t.pk for t in existing.values()]).update(
            requests=F("requests") + 1
        )
    to_make = []
    for item in candidates:
        translation = existing.get(hashes[item.element_id])
        if translation is not None and translation.status == Translation.Status.DONE:
            outcomes[item.element_id] = Outcome(translation, "done")
        elif not is_configured():
            outcomes[item.element_id] = Outcome(None, "not_configured")
        elif len(item.source_html) > MAX_SOURCE_CHARACTERS:
            outcomes[item.element_id] = Outcome(None, "too_long")
        else:
            to_make.append(item)
    if not to_make:
        return outcomes
    if not _within_rate_limit(reader):
        outcomes.update({item.element_id: Outcome(None, "rate_limited") for item in to_make})
        return outcomes
    with transaction.atomic():
        to_send: list[int] = []
        for item in to_make:
            translation, newly_pending = _pending_row(
                hashes[item.element_id], target, item, existing
            )
            if newly_pending:
                to_send.append(translation.pk)
            Reader.objects.get_or_create(
                translation=translation, member=reader, element_id=item.element_id
            )
            outcomes[item.element_id] = Outcome(translation, "pending")
        if to_send:
            transaction.on_commit(lambda: tasks.translate_contents.delay(to_send))
    return outcomes


def _pending_row(source_hash, target, item, existing) -> tuple[Translation, bool]:
    """The pending row for this text, and whether the worker must be asked for it now."""
    translation = existing.get(source_hash)
    if translation is None:
        try:
            with transaction.atomic():
                translation = Translation.objects.create(
                    requests=1,
                    source_hash=source_hash,
                    target_language=target,
                    source_html=item.source_html,
                    source_language="" if item.anyway else item.source_language,
                )
            existing[source_hash] = translation
            return translation, True
        except IntegrityError:  # another reader's click made it a moment ago
            return Translation.objects.get(source_hash=source_hash, target_language=target), False
    if translation.status == Translation.Status.FAILED:
        # A later click works once the cause is gone: try again.
        Translation.objects.filter(pk=translation.pk).update(
            status=Translation.Status.PENDING, failure=""
        )
        translation.status = Translation.Status.PENDING
        return translation, True
    return translation, False


def _within_rate_limit(reader) -> bool:
    """Count a reader's requests that could cost a call: at most N in a rolling window."""
    limit, window = settings.TRANSLATION_RATE_LIMIT
    key = f"translation-requests:{reader.pk}:{int(time.time() // window)}"
    cache.add(key, 0, timeout=window)
    try:
        return cache.incr(key) <= limit
    except ValueError:  # the key expired between add and incr: a new window has begun
        cache.set(key, 1, timeout=window)
        return True


def store_translation_by_hand(
    *, source_html: str, source_language: str, target_language: str, html: str
) -> Translation:
    """Keep a translation written by a person; it replaces DeepL's for everyone."""
    translation, _created = Translation.objects.update_or_create(
        source_hash=_hash(source_html),
        target_language=target_language,
        defaults={
            "source_html": source_html,
            "source_language": source_language,
            "status": Translation.Status.DONE,
            "html": sanitize_html(html),
            "by_hand": True,
            "failure": "",
        },
    )
    return translation


def deepl_client() -> deepl.DeepLClient:
    # The client's own retries are few: the Celery task retries with backoff instead of
    # sleeping inside the worker for a quarter of a minute.
    deepl.http_client.max_network_retries = 1
    deepl.http_client.min_connection_timeout = 8.0  # a slow DeepL cannot hold a worker long
    return deepl.DeepLClient(
        settings.DEEPL_AUTH_KEY,
        server_url=settings.DEEPL_SERVER_URL or None,
        send_platform_info=False,
    )


BATCH_TEXTS = 50  # DeepL's limit of texts per request
BATCH_BYTES = 120 * 1024  # under DeepL's 128 KiB request limit, leaving room for the rest


def _batches(translations: list[Translation]):
    """Group by language pair, then cut into requests DeepL accepts."""
    by_pair: dict[tuple[str, str], list[Translation]] = {}
    for translation in translations:
        key = (translation.target_language, translation.source_language)
        by_pair.setdefault(key, []).append(translation)
    for group in by_pair.values():
        batch, size = [], 0
        for translation in group:
            length = len(translation.source_html.encode())
            if batch and (len(batch) == BATCH_TEXTS or size + length > BATCH_BYTES):
                yield batch
                batch, size = [], 0
            batch.append(translation)
            size += length
        if batch:
            yield batch


def translate_pending(*, translation_ids: list[int]) -> None:
    """Make pending translations through DeepL (called by the worker; safe to run twice).

    Finished rows are skipped, so DeepL is never asked (or billed) twice. Raises RetryLater
    for what time may fix (429, 5xx, no connection); turns the rest (quota, bad key, refused
    input) into failed rows the readers are told about.
    """
    pending = list(
        Translation.objects.filter(pk__in=translation_ids).exclude(status=Translation.Status.DONE)
    )
    for batch in _batches(pending):
        first = batch[0]
        try:
            results = deepl_client().translate_text(
                [translation.source_html for translation in batch],
                target_lang=DEEPL_TARGETS[first.target_language],
                source_lang=DEEPL_SOURCES.get(first.source_language),
                tag_handling="html",
                ignore_tags=["code", "pre"],
            )
        except (deepl.TooManyRequestsException, deepl.ConnectionException) as error:
            raise RetryLater(type(error).__name__) from error
        except deepl.DeepLException as error:
            status = getattr(error, "http_status_code", None) or 0
            if status >= 500:
                raise RetryLater(f"HTTP {status}") from error
            for translation in batch:
                _fail(translation, type(error).__name__)
            continue
        with transaction.atomic():
            for translation, result in zip(batch, results, strict=True):
                Translation.objects.filter(pk=translation.pk).update(
                    status=Translation.Status.DONE,
                    # What comes back from outside is untrusted, like anything members write.
                    html=sanitize_html(result.text),
                    detected_source_language=(result.detected_source_lang or "").lower(),
                    billed_characters=result.billed_characters or 0,
                    failure="",
                )
                _tell_readers(translation)


def give_up(*, translation_ids: list[int], reason: str) -> None:
    """The task ran out of retries: tell the readers it is unavailable for now."""
    for translation in Translation.objects.filter(pk__in=translation_ids).exclude(
        status=Translation.Status.DONE
    ):
        _fail(translation, reason)


def _fail(translation: Translation, reason: str) -> None:
    logger.warning("translation %s failed: %s", translation.pk, reason)
    with transaction.atomic():
        Translation.objects.filter(pk=translation.pk).update(
            status=Translation.Status.FAILED, failure=reason[:40]
        )
        _tell_readers(translation)


def _tell_readers(translation: Translation) -> None:
    waiting = list(
        Reader.objects.filter(translation=translation).values_list("member_id", flat=True)
    )
    if waiting:
        realtime.publish_on_commit("translation.ready", to=waiting, translation_id=translation.pk)


def take_waiting_elements(*, translation: Translation, member) -> list[str]:
    """The elements this member waits on for this translation; they stop waiting."""
    readers = Reader.objects.filter(translation=translation, member=member)
    element_ids = list(readers.values_list("element_id", flat=True))
    readers.delete()
    return element_ids
