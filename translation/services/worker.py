"""The worker making pending translations through DeepL: batches, claims, failures, restarts."""

import logging
import uuid
from collections.abc import Hashable
from datetime import timedelta
from typing import TypeVar

import deepl
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from core import realtime
from core.markup import sanitize_html
from core.queueing import enqueue
from core.ratelimits import within_limit
from translation import tasks
from translation.exceptions import RetryLater
from translation.models import GlossarySync, Reader, Translation
from translation.services.common import (
    DEEPL_TARGETS,
    already_in,
    deepl_client,
    is_configured,
    source_hash,
)
from translation.services.requests import MAX_SOURCE_CHARACTERS, Wanted, _pending_row

logger = logging.getLogger(__name__)

# Languages detected at save time (translation.detection codes) → DeepL's source codes.
DEEPL_SOURCES = {"en": "EN", "zh": "ZH", "es": "ES", "pt": "PT", "fr": "FR", "de": "DE",
                 "ja": "JA", "ko": "KO"}  # fmt: skip

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


# A claim outlives the task's hard time limit: once it is older, its task is surely gone.
CLAIM_SECONDS = 120
CLAIM_TIMEOUT = timedelta(seconds=CLAIM_SECONDS)
RESEND_BATCH = 50


def translate_pending(*, translation_ids: list[int], claim: str = "") -> None:
    """Make pending translations through DeepL (called by the worker; safe to run twice).

    Each pending row is claimed for this task (`claim`: "<worker hostname>/<task id>") before
    DeepL is asked: rows already done, or claimed by another living task, are skipped, so a
    message delivered twice never pays DeepL twice. The same task id coming back (a retry, or
    the broker redelivering what a killed worker held, on any worker) takes its claim back:
    its earlier run is over. Each batch is stored as soon as DeepL answers, so a task killed
    half-way pays again only for the batch DeepL never answered. Raises RetryLater for what
    time may fix (429, 5xx, no connection); turns the rest (quota, bad key, refused input)
    into failed rows the readers are told about.
    """
    now = timezone.now()
    task_id = claim.rpartition("/")[2]
    free = Q(claimed_by="") | Q(claimed_at__lt=now - CLAIM_TIMEOUT)
    if task_id:
        free |= Q(claimed_by__endswith=f"/{task_id}")
    Translation.objects.filter(
        free, pk__in=translation_ids, status=Translation.Status.PENDING
    ).update(claimed_by=claim, claimed_at=now)
    pending = list(
        Translation.objects.filter(
            pk__in=translation_ids, status=Translation.Status.PENDING, claimed_by=claim
        )
    )
    glossary = GlossarySync.objects.first() if pending else None
    for batch in _batches(pending):
        try:
            try:
                results = _translate_batch(batch, glossary)
            except deepl.DeepLException as error:
                if not (_glossary_for(glossary, batch[0]) and _is_missing_glossary(error)):
                    raise
                # DeepL no longer has our glossary (deleted outside Halfway): translate
                # without it now, and have the worker give DeepL the glossary again.
                logger.warning("DeepL lost the community glossary; syncing it again")
                GlossarySync.objects.filter(pk=1).update(
                    english_to_chinese_id="", chinese_to_english_id="", synced_at=None
                )
                transaction.on_commit(lambda: enqueue(tasks.sync_glossary))
                glossary = None
                results = _translate_batch(batch, glossary)
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
                    # Made again (a glossary change, a failure retried): DeepL billed again.
                    billed_characters=F("billed_characters") + (result.billed_characters or 0),
                    made_by_deepl=F("made_by_deepl") + 1,
                    failure="",
                )
                _tell_readers(translation)


def _is_missing_glossary(error: Exception) -> bool:
    status = getattr(error, "http_status_code", None)
    return isinstance(error, deepl.GlossaryNotFoundException) or (
        status in (400, 404) and "glossary" in str(error).lower()
    )


def _translate_batch(batch: list[Translation], glossary: GlossarySync | None) -> list:
    first = batch[0]
    return deepl_client().translate_text(
        [translation.source_html for translation in batch],
        target_lang=DEEPL_TARGETS[first.target_language],
        source_lang=DEEPL_SOURCES.get(first.source_language),
        glossary=_glossary_for(glossary, first) or None,
        tag_handling="html",
        # Besides code, what is marked translate="no" (names, #tags, links) is kept.
        ignore_tags=["code", "pre"],
    )


def resume_after_restart(*, worker: str) -> int:
    """A worker (re)starting: take back what its previous life held and resend every pending
    translation no living task holds. Without this, work in hand when a worker was killed
    waits forever (the embedded broker forgets a message once taken; Redis gives it back only
    after its visibility timeout). Returns how many translations were resent."""
    now = timezone.now()
    Translation.objects.filter(
        status=Translation.Status.PENDING, claimed_by__startswith=f"{worker}/"
    ).update(claimed_by="", claimed_at=None)
    orphans = list(
        Translation.objects.filter(status=Translation.Status.PENDING)
        .filter(Q(claimed_by="") | Q(claimed_at__lt=now - CLAIM_TIMEOUT))
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    # A row whose first message is still queued is sent twice: the claim makes that harmless.
    for start in range(0, len(orphans), RESEND_BATCH):
        enqueue(tasks.translate_contents, orphans[start : start + RESEND_BATCH])
    if orphans:
        logger.info("worker %s resent %d pending translations", worker, len(orphans))
    return len(orphans)


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


def _glossary_for(sync: GlossarySync | None, translation: Translation) -> str:
    """The DeepL glossary for this text's language pair, if there is one (it needs a source)."""
    if sync is None or not translation.source_language:
        return ""
    if translation.source_language == "en" and translation.target_language == "zh-hans":
        return sync.english_to_chinese_id
    if translation.source_language == "zh" and translation.target_language == "en":
        return sync.chinese_to_english_id
    return ""


K = TypeVar("K", bound=Hashable)


def translate_now(
    texts: dict[K, tuple[str, str]], target: str, *, limit: tuple[int, int]
) -> dict[K, str]:
    """Translations of public texts (key → their HTML and language) into `target`, for a job
    already in the worker (an e-mail): those in the shared cache at once; the others made now
    through DeepL while the site's `limit` of characters allows, and kept for everyone.
    Returns key → translated HTML for those there are; a DeepL that is away costs nothing
    but the translation (the rows are failed, so a reader's click makes them again)."""
    wanted = {key: text for key, text in texts.items() if not already_in(text[1], target)}
    hashes = {key: source_hash(html) for key, (html, _language) in wanted.items()}
    existing = {
        translation.source_hash: translation
        for translation in Translation.objects.filter(
            source_hash__in=set(hashes.values()), target_language=target
        )
    }
    to_send: list[int] = []
    if is_configured():
        unmade = {hashes[key]: text for key, text in wanted.items()}
        for digest, (html, language) in unmade.items():
            made = existing.get(digest)
            if made is not None and made.status != Translation.Status.FAILED:
                continue  # done, or being made for a reader (shown next time)
            if len(html) > MAX_SOURCE_CHARACTERS or not within_limit(
                "email-translation", 0, limit, cost=len(html)
            ):
                continue
            item = Wanted(source_html=html, source_language=language, element_id="")
            translation, newly_pending = _pending_row(digest, target, item, existing, False)
            if newly_pending:
                to_send.append(translation.pk)
    if to_send:
        try:
            translate_pending(translation_ids=to_send, claim=f"email/{uuid.uuid4().hex}")
        except RetryLater as error:
            give_up(translation_ids=to_send, reason=str(error))
    done = Translation.objects.filter(
        source_hash__in=set(hashes.values()),
        target_language=target,
        status=Translation.Status.DONE,
    )
    html_by_hash = dict(done.values_list("source_hash", "html"))
    return {key: html_by_hash[digest] for key, digest in hashes.items() if digest in html_by_hash}
