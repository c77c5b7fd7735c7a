from django import template
from django.conf import settings
from django.utils.translation import get_language

register = template.Library()


@register.filter
def language_name(code: str) -> str:
    """A member language's name in the reader's language ("Chinese", "中文")."""
    return str(dict(settings.MEMBER_LANGUAGES).get(code, code))


@register.filter
def interest_name(interest) -> str:
    return interest.name_in(get_language() or "en")
