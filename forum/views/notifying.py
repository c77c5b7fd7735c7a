"""A member's notifications, and marking them read."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_POST

from core.ids import parse_id
from core.redirects import local_url
from forum import selectors, services


@login_required
def notifications(request):
    return render(
        request,
        "forum/notifications.html",
        {"page": selectors.notifications_for(request.user, request.GET.get("page"))},
    )


@login_required
@require_POST
def mark_notifications_read(request):
    notification_id = request.POST.get("notification")
    # The page's buttons send a notification's id or none (all of them); anything else is no
    # request the site makes, and marking nothing would look like a success.
    if notification_id is not None and parse_id(notification_id) is None:
        raise BadRequest
    services.mark_notifications_read(
        member=request.user,
        notification_ids=None if notification_id is None else [parse_id(notification_id)],
    )
    fallback = reverse("forum:notifications")
    return HttpResponseRedirect(local_url(request, request.POST.get("next"), fallback))
