"""The community glossary: staff's terms, and DeepL's glossaries synced from them."""

import logging
from datetime import timedelta

import deepl
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core.queueing import enqueue
from translation import permissions, tasks
from translation.exceptions import RetryLater
from translation.models import GlossaryEntry, GlossarySync, Translation
from translation.services.common import deepl_client, is_configured
from translation.services.worker import CLAIM_SECONDS

logger = logging.getLogger(__name__)


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
