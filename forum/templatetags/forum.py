from django import template
from django.utils.translation import get_language

register = template.Library()


@register.filter
def category_name(category) -> str:
    return category.name_in(get_language() or "en")


@register.filter
def category_description(category) -> str:
    return category.description_in(get_language() or "en")
