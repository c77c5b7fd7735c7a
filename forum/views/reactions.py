"""Reacting to a post, and who reacted."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from forum import permissions, selectors, services
from forum.models import Reaction


@require_POST
@login_required
def react(request, post_id):
    found = selectors.get_post_for(request.user, post_id)
    kind = request.POST.get("kind", "")
    refusal = None
    if kind in Reaction.Kind.values:
        try:
            services.toggle_reaction(member=request.user, post=found, kind=kind)
        except ValidationError as error:
            refusal = error.messages[0]
    if request.htmx:
        return render(
            request,
            "forum/_reactions.html",
            {
                "post": found,
                "reactions": selectors.reactions_for_post(found, request.user),
                "can_react": permissions.can_react(request.user, found),
                "refusal": refusal,
            },
        )
    if refusal:
        messages.error(request, refusal)
    return redirect(found)


def who_reacted(request, post_id):
    found = selectors.get_post_for(request.user, post_id)
    return render(
        request,
        "forum/who_reacted.html",
        {"post": found, "page": selectors.who_reacted(found, request.GET.get("page"))},
    )
