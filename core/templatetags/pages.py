from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def query_with(context, **changes) -> str:
    """This page's query string with some parameters changed ("" removes one); starts with ?."""
    query = context["request"].GET.copy()
    for key, value in changes.items():
        if value in ("", None):
            query.pop(key, None)
        else:
            query[key] = value
    if "page" not in changes:
        query.pop("page", None)  # a new filter starts again at the first page
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else "?"
