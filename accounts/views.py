import re

from allauth.account import views as allauth_views
from allauth.account.adapter import get_adapter
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest, ValidationError
from django.forms import model_to_dict
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts import selectors, services
from accounts.forms import (
    AppearanceForm,
    AvatarForm,
    ExchangeForm,
    LanguageForm,
    ProfileForm,
    ReadingForm,
)
from core.ratelimits import within_limit
from core.redirects import local_url
from core.request_size import accepts_uploads
from translation.responses import translate_and_respond


@login_required
@require_POST
def settings_reading(request):
    form = ReadingForm(request.POST)
    if form.is_valid():
        services.set_always_translate(
            member=request.user, always=form.cleaned_data["always_translate"]
        )
        messages.success(request, _("Your reading setting is saved."))
    return redirect(reverse("accounts:settings") + "#language")


@login_required
@require_POST
def settings_exchange(request):
    """Opt in to language exchange suggestions (or out), from settings or the partners page."""
    form = ExchangeForm(request.POST)
    if form.is_valid():
        opted_in = form.cleaned_data["open_to_exchange"]
        services.set_open_to_exchange(member=request.user, open_to_exchange=opted_in)
        if opted_in:
            messages.success(request, _("You are now suggested as a language exchange partner."))
        else:
            messages.success(
                request, _("You are no longer suggested as a language exchange partner.")
            )
    fallback = reverse("accounts:settings") + "#exchange"
    return HttpResponseRedirect(local_url(request, request.POST.get("next"), fallback))


@login_required
@require_POST
def settings_appearance(request: HttpRequest) -> HttpResponse:
    """Light, dark, or as the device asks: the next page is drawn in it (base.html)."""
    form = AppearanceForm(request.POST)
    if not form.is_valid():
        return _settings_page(request, appearance_form=form, status=400)
    services.set_theme(member=request.user, theme=form.cleaned_data["theme"])
    messages.success(request, _("Your theme is saved."))
    return redirect(reverse("accounts:settings") + "#appearance")


@login_required
@require_POST
def translate_bio(request, username):
    member = selectors.profile_for(username)
    return translate_and_respond(
        request,
        source_html=member.bio_html,
        source_language=member.bio_language,
        element_id="bio-translation",
        translate_url=reverse("accounts:profile-translate", args=[member.username]),
        back_to=member,
    )


@login_required
@require_GET
def mention_suggestions(request):
    """Completion for @mentions in the composer: a short JSON list, signed-in members only."""
    members = selectors.mention_suggestions(request.GET.get("q", "")[:50])
    return JsonResponse({"members": [{"username": m.username, "name": m.name} for m in members]})


def _settings_page(
    request: HttpRequest,
    *,
    profile_form: ProfileForm | None = None,
    avatar_form: AvatarForm | None = None,
    appearance_form: AppearanceForm | None = None,
    status: int = 200,
) -> HttpResponse:
    member = request.user
    profile_form = profile_form or ProfileForm(
        initial=model_to_dict(member, fields=ProfileForm.field_order)
    )
    return render(
        request,
        "accounts/settings.html",
        {
            "profile_form": profile_form,
            "avatar_form": avatar_form or AvatarForm(),
            "language_form": LanguageForm(initial={"language": member.preferred_language}),
            "reading_form": ReadingForm(initial={"always_translate": member.always_translate}),
            "exchange_form": ExchangeForm(initial={"open_to_exchange": member.open_to_exchange}),
            "appearance_form": appearance_form or AppearanceForm(initial={"theme": member.theme}),
        },
        status=status,
    )


@login_required
def settings_profile(request):
    if request.method != "POST":
        return _settings_page(request)
    form = ProfileForm(request.POST)
    if not form.is_valid():
        return _settings_page(request, profile_form=form)
    services.update_profile(member=request.user, **form.cleaned_data)
    messages.success(request, _("Your profile is saved."))
    return redirect("accounts:settings")


@accepts_uploads(files=1)
@login_required
@require_POST
def settings_avatar(request):
    if "remove" in request.POST:
        services.remove_avatar(member=request.user)
        messages.success(request, _("Your photo is removed."))
        return redirect("accounts:settings")
    form = AvatarForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.change_avatar(member=request.user, upload=form.cleaned_data["avatar"])
        except ValidationError as error:
            form.add_error("avatar", error)
    if not form.is_valid():
        return _settings_page(request, avatar_form=form)
    messages.success(request, _("Your new photo is saved."))
    return redirect("accounts:settings")


class PasswordResetView(allauth_views.PasswordResetView):
    """allauth's, except that an email the broker refused is not reported as sent: the form
    comes back with what the member typed and the reason."""

    def form_valid(self, form):
        response = super().form_valid(form)
        error = get_adapter(self.request).refused_email_error(self.request)
        if error:
            form.add_error(None, error)
            return self.form_invalid(form)
        return response


password_reset = PasswordResetView.as_view()


@require_POST
def switch_language(request):
    """Switch the interface language: a cookie for everyone, the setting for members."""
    language = request.POST.get("language", "")
    response = HttpResponseRedirect(local_url(request, request.POST.get("next"), "/"))
    if language not in dict(settings.LANGUAGES):
        return response
    if request.user.is_authenticated:
        services.set_preferred_language(member=request.user, language=language)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        secure=getattr(settings, "LANGUAGE_COOKIE_SECURE", False),
    )
    return response


DRAFT_KEY = re.compile(r"(reply|chat):[1-9][0-9]{0,17}|thread")


@login_required
@require_POST
def save_draft(request):
    """Keep what the member is typing (static/js/drafts.js sends it as they pause)."""
    key = request.POST.get("key", "")
    title, body = request.POST.get("title", ""), request.POST.get("body", "")
    if (
        not DRAFT_KEY.fullmatch(key)
        or len(title) > 150
        or len(body) > 20_000
        or "\x00" in title + body
    ):
        raise BadRequest(_("This draft cannot be kept."))
    if not within_limit("draft", request.user.pk, settings.DRAFT_RATE_LIMIT):
        return HttpResponse(_("Too many saves at once; the next pause will save it."), status=429)
    services.save_draft(member=request.user, key=key, title=title, body=body)
    return HttpResponse(status=204)
