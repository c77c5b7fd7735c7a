from django import template
from django.utils.safestring import SafeString

from halfway.fragments import Fragment, render_fragments
from translation.permissions import can_review_suggestions

register = template.Library()

HEADER_TEMPLATE = "partials/header.html"


@register.simple_tag(takes_context=True)
def site_header(context) -> SafeString:
    """Every page's header, kept as a fragment (halfway/fragments.py): the same for every
    reader with the same answers, and its key holds every one of them."""
    request, member = context["request"], context["user"]
    match = getattr(request, "resolver_match", None)
    page = (
        match.url_name if match else None,
        str(context.get("query") or ""),  # the search box's text
        request.get_full_path(),  # where the language switcher comes back to
    )
    reader = (
        (
            member.pk,
            member.username,
            member.display_name,
            member.avatar.name or "",
            str(context.get("unread_messages", "")),  # as the badges show them
            str(context.get("unread_notifications", "")),
            can_review_suggestions(member),
            bool(context.get("is_moderator")),
            member.is_staff,
        )
        if member.is_authenticated
        else None
    )
    return render_fragments(context, [Fragment(HEADER_TEMPLATE, (page, reader))])[0]


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
