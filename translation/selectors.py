"""What staff and reviewers see of translation: cost, cache, failures, suggestions, glossary;
and the translations already made, for pages that show them."""

from collections.abc import Hashable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TypeVar

from django.core.paginator import Page, Paginator
from django.db.models import Count, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone

from core import realtime
from translation import services
from translation.models import (
    GlossaryEntry,
    GlossarySync,
    Suggestion,
    SuggestionVote,
    Translation,
    UsageReading,
)
from translation.services import already_in, target_for

K = TypeVar("K", bound=Hashable)


@dataclass(frozen=True)
class Usage:
    characters: int | None
    limit: int | None
    read_at: datetime | None = None  # when a worker read it from DeepL


@dataclass(frozen=True)
class Dashboard:
    characters_per_day: list[tuple]
    usage: Usage
    requests: int
    calls: int
    hit_rate: float | None
    most_requested: list[Translation]
    recent_failures: list[Translation]


def deepl_usage() -> Usage:
    """DeepL's count of characters this period for the key in use, as a worker last read it
    (the web process never calls DeepL: a DeepL that hangs would hang the page)."""
    if not services.is_configured():
        return Usage(None, None)
    reading = UsageReading.objects.filter(key_digest=services.api_key_digest()).first()
    if reading is None:  # not read yet for this key
        return Usage(None, None)
    return Usage(reading.characters, reading.limit, reading.read_at)


def dashboard(days: int = 14) -> Dashboard:
    since = timezone.now() - timedelta(days=days)
    per_day = list(
        Translation.objects.filter(made_by_deepl__gt=0, updated_at__gte=since)
        .annotate(day=TruncDate("updated_at"))
        .values_list("day")
        .annotate(characters=Sum("billed_characters"), translations=Count("pk"))
        .order_by("-day")
    )
    totals = Translation.objects.aggregate(requests=Sum("requests"), calls=Sum("made_by_deepl"))
    requests = totals["requests"] or 0
    # Every request DeepL did not answer was served from the cache (hand-written rows
    # included); a request that made a translation again counts as a miss.
    calls = totals["calls"] or 0
    failed = Translation.objects.filter(status=Translation.Status.FAILED)
    return Dashboard(
        characters_per_day=per_day,
        usage=deepl_usage(),
        requests=requests,
        calls=calls,
        hit_rate=max(requests - calls, 0) / requests if requests else None,
        most_requested=list(Translation.objects.order_by("-requests")[:10]),
        recent_failures=list(failed.order_by("-updated_at")[:10]),
    )


SUGGESTIONS_PER_PAGE = 20


def suggestion_queue(*, translation_id: int | None = None, page_number=1) -> Page:
    """Open suggestions, the most voted first, each with the text it would replace."""
    suggestions = (
        Suggestion.objects.filter(status=Suggestion.Status.OPEN)
        .select_related("translation", "author")
        .order_by("-votes", "-created_at")
    )
    if translation_id is not None:
        suggestions = suggestions.filter(translation_id=translation_id)
    return Paginator(suggestions, SUGGESTIONS_PER_PAGE).get_page(page_number)


def voted_suggestion_ids(member, suggestions) -> set[int]:
    return set(
        SuggestionVote.objects.filter(
            member=member, suggestion__in=[suggestion.pk for suggestion in suggestions]
        ).values_list("suggestion_id", flat=True)
    )


def glossary() -> tuple[list[GlossaryEntry], GlossarySync | None]:
    return list(GlossaryEntry.objects.select_related("updated_by")), GlossarySync.objects.first()


def stored_translations(
    member, htmls: dict[K, str], *, done=False, language: str = ""
) -> dict[K, Translation]:
    """The translations made of these texts into `member`'s language, or `language` (one
    query): each item of `htmls` (key → the text's HTML) whose translation exists, in any
    state (`done`: done)."""
    hashes = {key: services.source_hash(html) for key, html in htmls.items()}
    found = Translation.objects.filter(
        source_hash__in=set(hashes.values()), target_language=language or target_for(member)
    )
    found = found.filter(status=Translation.Status.DONE) if done else found
    found = {translation.source_hash: translation for translation in found}
    return {key: found[digest] for key, digest in hashes.items() if digest in found}


def offer_for(reader, source_language: str, is_mixed: bool) -> str:
    """How a Translate button is offered: "prominent" when the text is in another language
    than the reader's, else "quiet" (mixed or unknown text, or already theirs)."""
    if not source_language or is_mixed or already_in(source_language, target_for(reader)):
        return "quiet"
    return "prominent"


def sent_translation_block(member, element_id: str) -> str | None:
    """The block the worker's `translation.ready` frame carried to this member for this page
    element (the newest), or None. The frame is rendered, and the member's waiting row taken,
    when the worker publishes, so a page whose socket was down finds its result here."""
    for frame in reversed(realtime.recent_frames(member.pk, "translation.ready")):
        for target in frame.get("targets", []):
            if target["id"] == element_id:
                return target["html"]
    return None
