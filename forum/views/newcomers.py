"""Introductions: the page of them, one's own, and welcoming a newcomer."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import selectors as account_selectors
from core import caching
from core.redirects import local_url
from core.request_size import accepts_uploads
from forum import fragments, selectors, services
from forum.forms import IntroductionForm
from forum.views.threads import _with_errors_kept


@caching.cache_page(lambda **kwargs: (caching.POSTS, caching.MEMBERS))
def introductions(request):
    filters = selectors.IntroductionFilters(
        interest=request.GET.get("interest", ""),
        language=request.GET.get("language", ""),
        region=request.GET.get("region", ""),
        welcomed="no" if request.GET.get("welcomed") == "no" else "",
    )
    page, cards = fragments.introductions_grid(filters, request.GET.get("page"))
    return render(
        request,
        "forum/introductions.html",
        {
            "page": page,
            "cards": cards,
            "filters": filters,
            "interests": account_selectors.shown_suggested_interests(),
            "regions": selectors.introduction_regions(),
            "member_languages": settings.MEMBER_LANGUAGES,
            "mine": (
                selectors.shown_introduction_of(request.user)
                if request.user.is_authenticated
                else None
            ),
        },
    )


@accepts_uploads(files=services.MAX_IMAGES_PER_POST)
@login_required
def my_introduction(request):
    member = request.user
    existing = selectors.introduction_of(member)
    initial = {
        "languages_spoken": member.languages_spoken,
        "languages_learning": member.languages_learning,
        "interests": list(member.interests.all()),
    }
    if existing:
        initial.update(
            title=existing.thread.title,
            who_i_am=existing.who_i_am,
            where_from=existing.where_from,
            hope_to_learn=existing.hope_to_learn,
        )
    form = IntroductionForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            introduction = services.post_introduction(
                member=member, region_code=request.region_code, **form.cleaned_data
            )
        except ValidationError as error:
            _with_errors_kept(form, error, "photos")
        else:
            return redirect(introduction.thread)
    return render(request, "forum/introduction_form.html", {"form": form, "existing": existing})


@require_POST
@login_required
def welcome_newcomer(request, introduction_id):
    """One tap on "Welcome 👋": a greeting reply in the member's language. htmx swaps the
    New arrivals card in place; without JavaScript, back to the page the tap came from."""
    introduction = selectors.get_introduction_for(request.user, introduction_id)
    refusal = None
    try:
        services.welcome_newcomer(
            member=request.user, introduction=introduction, region_code=request.region_code
        )
    except ValidationError as error:  # a posting limit
        refusal = error.messages[0]
    if request.htmx:
        card = selectors.new_arrival(request.user, introduction.pk)
        return render(
            request,
            "forum/_new_arrival.html",
            # A refused tap keeps its button, which still goes back to the same page.
            {"introduction": card, "refusal": refusal, "next_url": request.POST.get("next", "")},
        )
    if refusal:
        messages.error(request, refusal)
    else:
        messages.success(request, _("You welcomed %(name)s.") % {"name": introduction.member.name})
    return HttpResponseRedirect(local_url(request, request.POST.get("next"), reverse("home")))
