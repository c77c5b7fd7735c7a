"""The audit log: every moderator action, for moderators and admins to read (never to edit)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from moderation import permissions, selectors
from moderation.models import Action


@login_required
@require_GET
def audit_log(request):
    permissions.check_can_see_audit_log(request.user)
    filters = {
        "moderator_username": request.GET.get("moderator", "").strip(),
        "action": request.GET.get("action", ""),
        "member_username": request.GET.get("member", "").strip().lstrip("@"),
    }
    page = selectors.audit_log(reader=request.user, **filters, page_number=request.GET.get("page"))
    return render(
        request,
        "moderation/audit_log.html",
        {
            "page": page,
            "filters": filters,
            "actions": Action.choices,
            "moderators": selectors.moderators(),
        },
    )
