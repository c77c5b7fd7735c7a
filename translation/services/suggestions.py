"""Members suggesting better translations, bilingual members voting, staff deciding."""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from core.markup import render_markdown
from core.ratelimits import within_limit
from translation import permissions, signals
from translation.models import Suggestion, SuggestionVote, Translation

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
