"""A member's notifications, and marking them read."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.ids import parse_id
from core.redirects import local_url
from forum import selectors, services
from forum.forms import NotificationSettingsForm
from regions.names import country_name


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


@login_required
def notification_settings(request):
    follows, regions = selectors.notification_settings(request.user)
    language = get_language() or "en"
    # Regions members write from, most used first, as in the feed's settings; then any the
    # member chose that are no longer among them.
    choices = list(dict.fromkeys([*selectors.regions_written_from(), *regions]))
    form = NotificationSettingsForm(
        request.POST or None,
        initial={"follows": follows, "arrival_regions": regions},
        regions=[(code, country_name(code, language) or code) for code in choices],
    )
    if request.method == "POST" and form.is_valid():
        services.save_notification_settings(
            member=request.user,
            follows=form.cleaned_data["follows"],
            regions=form.cleaned_data["arrival_regions"],
        )
        messages.success(request, _("Your notification settings are saved."))
        return redirect("forum:notifications")
    return render(request, "forum/notification_settings.html", {"form": form})
