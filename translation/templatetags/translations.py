from django import template
from django.conf import settings
from django.utils.translation import gettext as _

from translation import permissions
from translation.selectors import offer_for
from translation.services import WORKER_UNREACHABLE

register = template.Library()


@register.filter
def translated_from(translation) -> str:
    """The source language's name in the reader's language ("Chinese", "中文")."""
    code = translation.source_language or translation.detected_source_language[:2]
    return str(dict(settings.MEMBER_LANGUAGES).get(code, code.upper()))


@register.filter
def translated_into(translation) -> str:
    """The target language's name in the reader's language ("Chinese", "中文")."""
    code = translation.target_language[:2]  # "zh-hans" is written in "zh"
    return str(dict(settings.MEMBER_LANGUAGES).get(code, translation.target_language))


@register.filter
def failure_cause(failure: str) -> str:
    """What a translation's failure (an exception's name, as the worker stored it) means, in
    the reader's language; staff still see the name beside it, to search the logs for."""
    if failure == "QuotaExceededException":
        return _("DeepL's character quota for this period is used up.")
    if failure == "AuthorizationException":
        return _("DeepL refused the API key.")
    if failure == WORKER_UNREACHABLE:
        return _("No worker could be reached.")
    if failure.startswith("HTTP ") or failure in (
        "TooManyRequestsException",
        "ConnectionException",
    ):
        return _("DeepL was unavailable after several tries.")
    return _("DeepL refused the text.")


@register.simple_tag(takes_context=True)
def translation_offer(context, source_language: str, is_mixed: bool) -> str:
    """ "prominent" when the text is in another language than the reader's, else "quiet"."""
    # Pages have a request; a message rendered for the socket names its reader instead.
    return offer_for(context.get("viewer") or context["request"].user, source_language, is_mixed)


@register.filter
def reviews_suggestions(member) -> bool:
    return permissions.can_review_suggestions(member)
