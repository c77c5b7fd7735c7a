"""Readers asking for translations: the shared cache, pending rows for the worker, who waits."""

from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F

from core.markup import sanitize_html
from core.queueing import enqueue
from core.ratelimits import within_limit
from translation import tasks
from translation.models import Reader, Translation
from translation.services.common import already_in, is_configured, source_hash, target_for

MAX_SOURCE_CHARACTERS = 20_000


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


def take_waiting_elements(*, translation: Translation, member) -> dict[str, str]:
    """The elements this member waits on for this translation, each with where its "Try
    again" posts; they stop waiting."""
    readers = Reader.objects.filter(translation=translation, member=member)
    elements = dict(readers.values_list("element_id", "translate_url"))
    readers.delete()
    return elements
