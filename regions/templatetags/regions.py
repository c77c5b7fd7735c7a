from django import template
from django.utils.translation import get_language

from regions.names import country_name

register = template.Library()


@register.filter
def region_name(code: str | None) -> str:
    """The country of a region tag in the reader's language ("美国", "United States")."""
    return country_name(code, get_language() or "en") or ""
