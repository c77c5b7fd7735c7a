"""Translations: asked for by readers, made once by the worker through DeepL, shared by all."""

import hashlib
import logging
from dataclasses import dataclass
from datetime import timedelta

import deepl
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from core import realtime
from core.markup import render_markdown, sanitize_html
from core.queueing import enqueue
from core.ratelimits import within_limit
from translation import permissions, signals, tasks
from translation.exceptions import RetryLater
from translation.models import (
    GlossaryEntry,
    GlossarySync,
    Reader,
    Suggestion,
    SuggestionVote,
    Translation,
    UsageReading,
)

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


def source_hash(html: str) -> str:
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
    translate_url: str = ""  # where "Try again" posts if the translation fails


def request_translation(
    *,
    reader,
    source_html: str,
    source_language: str,
    element_id: str,
    anyway: bool = False,
    translate_url: str = "",
    for_member=None,
    private: bool = False,
) -> Outcome:
    """Return the translation of one text into the reader's language, or start making it.

    `for_member`: translate into that member's language instead (a writer previewing how the
    other member will read their draft); the result still goes to the reader's page.
    `private`: the text is not public (a chat message, a report's note).
    `translate_url`: where the reader's "Try again" posts, should the translation fail.
    """
    wanted = Wanted(source_html, source_language, element_id, anyway, translate_url)
    return request_translations(
        reader=reader, wanted=[wanted], for_member=for_member, private=private
    )[element_id]


def request_translations(
    *, reader, wanted: list[Wanted], for_member=None, private: bool = False
) -> dict[str, Outcome]:
    """Translations of many texts into the reader's language (one click, or a whole page).

    Cached ones come back at once (no key needed, no limit). For the others one pending row
    each is made (concurrent first clicks meet at a unique constraint, so one call), the
    reader is noted as waiting for each element, and one task makes them all in as few
    DeepL requests as the API allows. Text detected in the reader's own language is not sent
    unless asked `anyway` (detection errs): then DeepL decides what language it is.
    """
    target = target_for(for_member or reader)
    outcomes: dict[str, Outcome] = {}
    candidates = []
    for item in wanted:
        if not item.anyway and already_in(item.source_language, target):
            outcomes[item.element_id] = Outcome(None, "same_language")
        else:
            candidates.append(item)
    hashes = {item.element_id: source_hash(item.source_html) for item in candidates}
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
        if not private:
            # The same words in a public place: they are no secret any more.
            Translation.objects.filter(
                pk__in=[t.pk for t in existing.values() if t.is_private]
            ).update(is_private=False)
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
    if not within_limit("translation", reader.pk, settings.TRANSLATION_RATE_LIMIT):
        outcomes.update({item.element_id: Outcome(None, "rate_limited") for item in to_make})
        return outcomes
    unsent: set[int] = set()
    with transaction.atomic():
        to_send: list[int] = []
        for item in to_make:
            translation, newly_pending = _pending_row(
                hashes[item.element_id], target, item, existing, private
            )
            if newly_pending:
                to_send.append(translation.pk)
            Reader.objects.update_or_create(
                translation=translation,
                member=reader,
                element_id=item.element_id,
                defaults={"translate_url": item.translate_url},
            )
            outcomes[item.element_id] = Outcome(translation, "pending")
        if to_send:
            transaction.on_commit(lambda: unsent.update(_send_to_worker(to_send)))
    # Set once the rows are committed and handed over (at once, outside a transaction): a
    # reader whose text could not reach the worker is told so now, with a button to retry.
    for element_id, outcome in outcomes.items():
        if outcome.translation is not None and outcome.translation.pk in unsent:
            outcomes[element_id] = Outcome(outcome.translation, "failed")
    return outcomes


WORKER_UNREACHABLE = "worker unreachable"


def _send_to_worker(translation_ids: list[int]) -> list[int]:
    """Ask the worker for these translations; if the broker is down, mark them failed, so the
    reader sees why and the next click (which remakes failed rows) sends them again. Returns
    the ids that could not be sent."""
    if enqueue(tasks.translate_contents, translation_ids):
        return []
    Translation.objects.filter(pk__in=translation_ids, status=Translation.Status.PENDING).update(
        status=Translation.Status.FAILED, failure=WORKER_UNREACHABLE
    )
    return translation_ids


def _pending_row(source_hash, target, item, existing, private) -> tuple[Translation, bool]:
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
                    is_private=private,
                )
            existing[source_hash] = translation
            return translation, True
        except IntegrityError:  # another reader's click made it a moment ago
            return Translation.objects.get(source_hash=source_hash, target_language=target), False
    if translation.status in (Translation.Status.FAILED, Translation.Status.OUTDATED):
        # A later click works once the cause is gone (or the glossary changed): make it again.
        Translation.objects.filter(pk=translation.pk).update(
            status=Translation.Status.PENDING, failure="", claimed_by="", claimed_at=None
        )
        translation.status = Translation.Status.PENDING
        return translation, True
    return translation, False


def store_translation_by_hand(
    *,
    source_html: str,
    source_language: str,
    target_language: str,
    html: str,
    private: bool = False,
) -> Translation:
    """Keep a translation written by a person; it replaces DeepL's for everyone."""
    translation, _created = Translation.objects.update_or_create(
        source_hash=source_hash(source_html),
        target_language=target_language,
        defaults={
            "source_html": source_html,
            "source_language": source_language,
            "status": Translation.Status.DONE,
            "html": sanitize_html(html),
            "by_hand": True,
            "failure": "",
            "is_private": private,
        },
    )
    return translation


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


def take_waiting_elements(*, translation: Translation, member) -> dict[str, str]:
    """The elements this member waits on for this translation, each with where its "Try
    again" posts; they stop waiting."""
    readers = Reader.objects.filter(translation=translation, member=member)
    elements = dict(readers.values_list("element_id", "translate_url"))
    readers.delete()
    return elements


# --- Suggested translations -----------------------------------------------------------------

MAX_SUGGESTION_CHARACTERS = 20_000


def suggest_translation(
    *, author, translation: Translation, body: str, content_url: str = ""
) -> Suggestion:
    """Keep a member's better translation for bilingual members to vote on and staff to accept.

    A member has one open suggestion per text: suggesting again replaces it (and its votes,
    which were for the old wording).
    """
    if not permissions.can_suggest(author, translation):
        raise PermissionDenied
    if translation.status not in (Translation.Status.DONE, Translation.Status.OUTDATED):
        raise ValidationError(_("There is no translation to improve yet."))
    body = body.strip()
    if not body:
        raise ValidationError(_("Write the translation you suggest."), code="required")
    if len(body) > MAX_SUGGESTION_CHARACTERS:
        raise ValidationError(
            _("A suggestion can be at most %(limit)s characters long."),
            params={"limit": MAX_SUGGESTION_CHARACTERS},
            code="max_length",
        )
    html = render_markdown(body)
    if _plain(html) == _plain(translation.html):
        raise ValidationError(_("This is the same as the current translation."), code="same")
    if not within_limit("suggestion", author.pk, settings.TRANSLATION_SUGGESTION_RATE_LIMIT):
        raise ValidationError(
            _("You have suggested many translations in a short time. Try again later."),
            code="rate_limited",
        )
    if not (content_url.startswith("/") and url_has_allowed_host_and_scheme(content_url, None)):
        content_url = ""
    with transaction.atomic():
        suggestion, created = Suggestion.objects.select_for_update().update_or_create(
            translation=translation,
            author=author,
            status=Suggestion.Status.OPEN,
            defaults={"body": body, "html": html, "content_url": content_url, "votes": 0},
        )
        if not created:
            SuggestionVote.objects.filter(suggestion=suggestion).delete()
    return suggestion


def _plain(html: str) -> str:
    return " ".join(strip_tags(html).split())


def toggle_suggestion_vote(*, member, suggestion: Suggestion) -> bool:
    """Vote for a suggestion, or take the vote back. Returns whether the member now votes."""
    if not permissions.can_vote(member, suggestion):
        raise PermissionDenied
    with transaction.atomic():
        removed, _details = SuggestionVote.objects.filter(
            suggestion=suggestion, member=member
        ).delete()
        if removed:
            Suggestion.objects.filter(pk=suggestion.pk).update(votes=F("votes") - 1)
        else:
            SuggestionVote.objects.create(suggestion=suggestion, member=member)
            Suggestion.objects.filter(pk=suggestion.pk).update(votes=F("votes") + 1)
    suggestion.refresh_from_db(fields=["votes"])
    return not removed


def accept_suggestion(*, staff, suggestion: Suggestion) -> Translation:
    """The suggestion replaces the machine translation for every reader; its author is told.

    Other open suggestions for the same text were about the wording it replaces: declined.
    """
    permissions.check_can_decide_suggestions(staff)
    with transaction.atomic():
        suggestion = Suggestion.objects.select_for_update().get(pk=suggestion.pk)
        if suggestion.status != Suggestion.Status.OPEN:
            raise ValidationError(_("This suggestion has already been decided."))
        now = timezone.now()
        Translation.objects.filter(pk=suggestion.translation_id).update(
            html=suggestion.html,
            status=Translation.Status.DONE,
            by_hand=True,
            failure="",
            updated_at=now,
        )
        Suggestion.objects.filter(
            translation_id=suggestion.translation_id, status=Suggestion.Status.OPEN
        ).exclude(pk=suggestion.pk).update(
            status=Suggestion.Status.DECLINED, decided_at=now, decided_by=staff
        )
        suggestion.status = Suggestion.Status.ACCEPTED
        suggestion.decided_at = now
        suggestion.decided_by = staff
        suggestion.save(update_fields=["status", "decided_at", "decided_by"])
        signals.suggestion_accepted.send(sender=Suggestion, suggestion=suggestion, staff=staff)
    return Translation.objects.get(pk=suggestion.translation_id)


def decline_suggestion(*, staff, suggestion: Suggestion) -> None:
    permissions.check_can_decide_suggestions(staff)
    updated = Suggestion.objects.filter(pk=suggestion.pk, status=Suggestion.Status.OPEN).update(
        status=Suggestion.Status.DECLINED, decided_at=timezone.now(), decided_by=staff
    )
    if not updated:
        raise ValidationError(_("This suggestion has already been decided."))


# --- The community glossary ----------------------------------------------------------------


def save_glossary_entry(
    *, staff, english: str, chinese: str, note: str = "", entry: GlossaryEntry | None = None
) -> GlossaryEntry:
    """Add or change a term; DeepL's glossaries follow in the worker."""
    permissions.check_can_manage_glossary(staff)
    english, chinese = " ".join(english.split()), "".join(chinese.split())
    if not english or not chinese:
        raise ValidationError(_("A glossary entry needs both the English and the Chinese term."))
    clashes = GlossaryEntry.objects.exclude(pk=entry.pk if entry else None)
    if clashes.filter(english__iexact=english).exists():
        raise ValidationError(_("“%(term)s” is already in the glossary."), params={"term": english})
    if clashes.filter(chinese=chinese).exists():
        raise ValidationError(_("“%(term)s” is already in the glossary."), params={"term": chinese})
    with transaction.atomic():
        entry = entry or GlossaryEntry()
        entry.english, entry.chinese, entry.note, entry.updated_by = english, chinese, note, staff
        entry.save()
        _glossary_changed()
    return entry


def delete_glossary_entry(*, staff, entry: GlossaryEntry) -> None:
    permissions.check_can_manage_glossary(staff)
    with transaction.atomic():
        entry.delete()
        _glossary_changed()


def _glossary_changed() -> None:
    GlossarySync.objects.get_or_create(pk=1)
    GlossarySync.objects.filter(pk=1).update(version=F("version") + 1)
    transaction.on_commit(lambda: enqueue(tasks.sync_glossary))


def _glossary_for(sync: GlossarySync | None, translation: Translation) -> str:
    """The DeepL glossary for this text's language pair, if there is one (it needs a source)."""
    if sync is None or not translation.source_language:
        return ""
    if translation.source_language == "en" and translation.target_language == "zh-hans":
        return sync.english_to_chinese_id
    if translation.source_language == "zh" and translation.target_language == "en":
        return sync.chinese_to_english_id
    return ""


SYNC_LEASE = timedelta(seconds=CLAIM_SECONDS)  # outlives the task's hard time limit
SYNC_PASSES = 3  # staff changing terms while a sync runs: synced again, a few times at most
GLOSSARY_NAME_PREFIX = "Halfway v"


def sync_glossary() -> None:
    """Give DeepL the current glossary (called by the worker; safe to run twice or at once).

    One sync runs at a time, across processes: a sync takes a lease on the GlossarySync row
    with one conditional UPDATE (atomic in PostgreSQL and SQLite alike, and held for no
    transaction while DeepL is asked); another sync finding it taken returns, since the
    holder syncs again if staff changed a term meanwhile. What is left (a refusal, a lost
    race) is sent again by the periodic job (CELERY_BEAT_SCHEDULE) until DeepL takes it.
    """
    if not is_configured():
        return
    GlossarySync.objects.get_or_create(pk=1)
    now = timezone.now()
    taken = (
        GlossarySync.objects.filter(pk=1)
        .filter(Q(syncing_until__isnull=True) | Q(syncing_until__lt=now))
        .update(syncing_until=now + SYNC_LEASE)
    )
    if not taken:
        return
    try:
        for _pass in range(SYNC_PASSES):
            if not _sync_glossary_once():
                break
    finally:
        GlossarySync.objects.filter(pk=1).update(syncing_until=None)


def _sync_glossary_once() -> bool:
    """Make DeepL's glossaries from the current version; False when there was nothing to do.

    DeepL's v2 glossaries cannot be edited: new ones are made for both directions, then the
    cached machine translations containing a changed term are marked outdated (so they are
    made again with it), then every other glossary of Halfway's is deleted (the old ones,
    and any a failed or interrupted sync left behind).
    """
    sync = GlossarySync.objects.get(pk=1)
    if sync.synced_version == sync.version and sync.synced_at is not None:
        return False
    version = sync.version
    entries = [[entry.english, entry.chinese] for entry in GlossaryEntry.objects.all()]
    client = deepl_client()
    new_ids = {"english_to_chinese_id": "", "chinese_to_english_id": ""}
    try:
        if entries:
            new_ids["english_to_chinese_id"] = client.create_glossary(
                f"{GLOSSARY_NAME_PREFIX}{version} en→zh", "EN", "ZH", dict(entries)
            ).glossary_id
            new_ids["chinese_to_english_id"] = client.create_glossary(
                f"{GLOSSARY_NAME_PREFIX}{version} zh→en", "ZH", "EN", {zh: en for en, zh in entries}
            ).glossary_id
    except deepl.DeepLException as error:
        _delete_glossaries(client, filter(None, new_ids.values()))  # half made: not kept
        status = getattr(error, "http_status_code", None) or 0
        if isinstance(error, deepl.TooManyRequestsException | deepl.ConnectionException) or (
            status >= 500
        ):
            raise RetryLater(type(error).__name__) from error
        GlossarySync.objects.filter(pk=1).update(failure=type(error).__name__[:80])
        logger.warning("glossary sync failed: %s", error)
        return False
    with transaction.atomic():
        _mark_outdated(changed_terms(sync.synced_entries, entries))
        GlossarySync.objects.filter(pk=1).update(
            synced_version=version,
            synced_entries=entries,
            synced_at=timezone.now(),
            failure="",
            **new_ids,
        )
    try:
        current = set(new_ids.values())
        _delete_glossaries(
            client,
            (
                glossary.glossary_id
                for glossary in client.list_glossaries()
                if glossary.name.startswith(GLOSSARY_NAME_PREFIX)
                and glossary.glossary_id not in current
            ),
        )
    except deepl.DeepLException:  # an orphan costs nothing; the next sync deletes it
        logger.warning("could not list DeepL glossaries", exc_info=True)
    return True


def _delete_glossaries(client: deepl.DeepLClient, glossary_ids) -> None:
    for glossary_id in glossary_ids:
        try:
            client.delete_glossary(glossary_id)
        except deepl.DeepLException:  # an orphan costs nothing; the next sync deletes it
            logger.warning("could not delete DeepL glossary %s", glossary_id, exc_info=True)


# --- DeepL's usage figure ---------------------------------------------------------------------


def api_key_digest() -> str:
    return hashlib.sha256((settings.DEEPL_AUTH_KEY or "").encode()).hexdigest()


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


def changed_terms(before: list, after: list) -> dict[str, set[str]]:
    """Source terms whose entry was added, changed or removed, by the language they are in."""
    difference = {tuple(pair) for pair in before} ^ {tuple(pair) for pair in after}
    return {
        "en": {english for english, _chinese in difference},
        "zh": {chinese for _english, chinese in difference},
    }


def _mark_outdated(terms: dict[str, set[str]]) -> None:
    """Machine translations into the other language of texts containing a changed term."""
    for source_language, target_language in (("en", "zh-hans"), ("zh", "en")):
        if not terms[source_language]:
            continue
        containing = Q()
        for term in terms[source_language]:
            containing |= Q(source_html__icontains=term)
        Translation.objects.filter(
            containing,
            target_language=target_language,
            status=Translation.Status.DONE,
            by_hand=False,
        ).update(status=Translation.Status.OUTDATED)
