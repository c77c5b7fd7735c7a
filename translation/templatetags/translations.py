from django import template
from django.conf import settings

from translation import permissions
from translation.selectors import offer_for

register = template.Library()


@register.filter
def translated_from(translation) -> str:
    """The source language's name in the reader's language ("Chinese", "中文")."""
    code = translation.source_language or translation.detected_source_language[:2]
    return str(dict(settings.MEMBER_LANGUAGES).get(code, code.upper()))


@register.simple_tag(takes_context=True)
def translation_offer(context, source_language: str, is_mixed: bool) -> str:
    """ "prominent" when the text is in another language than the reader's, else "quiet"."""
    # Pages have a request; a message rendered for the socket names its reader instead.
    return offer_for(context.get("viewer") or context["request"].user, source_language, is_mixed)


@register.filter
def reviews_suggestions(member) -> bool:
    return permissions.can_review_suggestions(member)
