"""A member's notifications, and marking them read."""

import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest, ValidationError
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

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
    chosen, regions = selectors.notification_settings(request.user)
    language = get_language() or "en"
    # Regions members write from, most used first, as in the feed's settings; then any the
    # member chose that are no longer among them.
    choices = list(dict.fromkeys([*selectors.regions_written_from(), *regions]))
    form = NotificationSettingsForm(
        request.POST or None,
        initial={
            "follows": chosen.follows,
            "arrival_regions": regions,
            "push": chosen.push,
            "email_away": chosen.email_away,
            "email_digest": chosen.email_digest,
        },
        regions=[(code, country_name(code, language) or code) for code in choices],
    )
    if request.method == "POST" and form.is_valid():
        services.save_notification_settings(
            member=request.user,
            follows=form.cleaned_data["follows"],
            regions=form.cleaned_data["arrival_regions"],
            push=form.cleaned_data["push"],
            email_away=form.cleaned_data["email_away"],
            email_digest=form.cleaned_data["email_digest"],
        )
        messages.success(request, _("Your notification settings are saved."))
        return redirect("forum:notifications")
    context = {
        "form": form,
        "email_fields": [form["email_away"], form["email_digest"]],
        "vapid_public_key": settings.VAPID_PUBLIC_KEY,
    }
    return render(request, "forum/notification_settings.html", context)


@login_required
@require_POST
def push_subscription(request):
    """A device turning push on (a subscription as the browser gives it, JSON) or off."""
    try:
        sent = json.loads(request.body or b"{}")
        endpoint = str(sent["endpoint"])
        if request.GET.get("off"):
            services.unsubscribe_device(member=request.user, endpoint=endpoint)
        else:
            keys = sent["keys"]
            services.subscribe_device(
                member=request.user,
                endpoint=endpoint,
                p256dh=str(keys["p256dh"]),
                auth=str(keys["auth"]),
            )
    except (ValueError, KeyError, TypeError, ValidationError) as error:
        raise BadRequest(_("This device's subscription cannot be kept.")) from error
    return HttpResponse(status=204)


# Mail programs post RFC 8058's one-click unsubscribe with no cookie and no CSRF token; the
# signed link is the proof (it unsubscribes only the member it was mailed to).
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """A link from an e-mail: the page asks first (link checkers follow links), the button
    or the mail program's one-click post stops that kind of e-mail."""
    found = services.email_stream(token)
    if found is None:
        raise BadRequest
    member, stream = found
    if request.method == "POST":
        services.unsubscribe(member=member, stream=stream)
    # The page speaks the member's language, as their e-mails did.
    with translation.override(member.preferred_language or get_language()):
        return render(
            request,
            "forum/unsubscribe.html",
            {"stream": stream, "done": request.method == "POST", "member": member},
        )
