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


# Lists of items as <li>s, each cached for readers who would see the same HTML
# (forum/fragments.py): {% thread_posts thread_page.posts %}, {% thread_rows page.object_list %} …
for name, render in {
    "thread_posts": fragments.render_posts,
    "thread_rows": fragments.render_thread_rows,
    "new_arrival_cards": fragments.render_new_arrivals,
    "search_results": fragments.render_search_results,
}.items():
    register.simple_tag(render, takes_context=True, name=name)
