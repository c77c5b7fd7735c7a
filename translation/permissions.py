"""Who may do what with translations. Views and services ask here."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _


def _is_member(actor) -> bool:
    return bool(actor and actor.is_authenticated and actor.is_active)


def is_bilingual(actor) -> bool:
    """A member who lists both English and Chinese among the languages they speak."""
    spoken = set(getattr(actor, "languages_spoken", None) or [])
    return {"en", "zh"} <= spoken


def can_suggest(actor, translation) -> bool:
    """Members suggest wordings for public texts; a private one (chat, a report's note) is not
    shown to anyone outside it, so not by its id either."""
    return _is_member(actor) and not translation.is_private


def check_can_suggest(actor, translation) -> None:
    if not can_suggest(actor, translation):
        raise Http404


def can_review_suggestions(actor) -> bool:
    """Bilingual members read the suggestions and vote; staff decide."""
    return _is_member(actor) and (is_bilingual(actor) or actor.is_staff)


def can_vote(actor, suggestion) -> bool:
    return (
        _is_member(actor)
        and is_bilingual(actor)
        and suggestion.author_id != actor.pk
        and suggestion.status == "open"
    )


def can_decide_suggestions(actor) -> bool:
    return _is_member(actor) and actor.is_staff


def check_can_review_suggestions(actor) -> None:
    if not can_review_suggestions(actor):
        raise PermissionDenied(
            _("Translation suggestions are reviewed by members who speak English and Chinese.")
        )


def check_can_decide_suggestions(actor) -> None:
    if not can_decide_suggestions(actor):
        raise PermissionDenied(_("Only staff accept or decline translation suggestions."))


def check_can_manage_glossary(actor) -> None:
    if not (_is_member(actor) and actor.is_staff):
        raise PermissionDenied(_("Only staff edit the glossary."))


def check_can_see_costs(actor) -> None:
    if not (_is_member(actor) and actor.is_staff):
        raise PermissionDenied(_("Only staff see translation costs."))
