from django import template
from django.utils.translation import get_language

from forum import fragments

register = template.Library()


@register.filter
def category_name(category) -> str:
    return category.name_in(get_language() or "en")


@register.filter
def category_description(category) -> str:
    return category.description_in(get_language() or "en")


@register.simple_tag(takes_context=True)
def thread_posts(context, posts):
    """A thread page's posts as list items, kept in the cache per reader kind (fragments)."""
    return fragments.render_posts(context, posts)
