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


@register.simple_tag(takes_context=True)
def thread_rows(context, threads):
    """A feed's threads as list items, kept in the cache (fragments)."""
    return fragments.render_thread_rows(context, threads)


@register.simple_tag(takes_context=True)
def introduction_cards(context, introductions):
    """The introductions grid's cards as list items, kept in the cache (fragments)."""
    return fragments.render_introduction_cards(context, introductions)


@register.simple_tag(takes_context=True)
def new_arrival_cards(context, introductions):
    """New arrivals as list items, kept in the cache per reader's answers (fragments)."""
    return fragments.render_new_arrivals(context, introductions)
