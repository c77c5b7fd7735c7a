import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.forms import model_to_dict
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.ids import parse_id
from core.markup import html_to_text
from core.redirects import local_url
from translation import permissions, selectors, services
from translation.forms import GlossaryEntryForm, SuggestionForm
from translation.models import GlossaryEntry, Reader, Suggestion, Translation


@login_required
@require_GET
def dashboard(request):
    """Characters sent per day against the plan, the cache's hit rate, what failed and why."""
    permissions.check_can_see_costs(request.user)
    return render(request, "translation/dashboard.html", {"dashboard": selectors.dashboard()})


@login_required
@require_GET
def translation_state(request, translation_id: int, element_id: str):
    """The one follow-up request a page makes when its socket did not bring the result."""
    translation = Translation.objects.filter(pk=translation_id).first()
    waiting = (
        Reader.objects.filter(translation=translation, member=request.user, element_id=element_id)
        .values_list("translate_url", flat=True)
        .first()
        if translation is not None
        else None
    )
    if waiting is None:
        # Already sent to the member's stream while the socket was down: the same block.
        sent = selectors.sent_translation_block(request.user, element_id)
        if sent is None:
            raise Http404  # only the reader who asked
        return HttpResponse(sent)
    state = translation.status
    if state != Translation.Status.PENDING:
        services.take_waiting_elements(translation=translation, member=request.user)
    return render(
        request,
        "translation/_translation.html",
        {
            "translation": translation,
            "state": "still_pending" if state == Translation.Status.PENDING else state,
            "element_id": element_id,
            "translate_url": waiting,
        },
    )


def _element_id(request) -> str:
    """The page element a form answers into (a slug the page chose; anything else is dropped)."""
    element_id = request.GET.get("element") or request.POST.get("element") or ""
    return element_id if re.fullmatch(r"[a-z0-9-]{1,60}", element_id) else ""


@login_required
@require_http_methods(["GET", "POST"])
def suggest(request, translation_id: int):
    """ "Suggest a better translation": a form in place under the translated text."""
    translation = get_object_or_404(
        Translation,
        pk=translation_id,
        status__in=[Translation.Status.DONE, Translation.Status.OUTDATED],
    )
    permissions.check_can_suggest(request.user, translation)
    context = {"translation": translation, "element_id": _element_id(request)}
    if request.method == "POST":
        form = SuggestionForm(request.POST)
        content_url = request.POST.get("content_url", "")
        if form.is_valid():
            try:
                services.suggest_translation(
                    author=request.user,
                    translation=translation,
                    body=form.cleaned_data["body"],
                    content_url=content_url,
                )
            except ValidationError as error:
                form.add_error("body", error)
            else:
                if not request.htmx:
                    messages.success(request, _("Thank you: bilingual members will review it."))
                    return HttpResponseRedirect(local_url(request, content_url, reverse("home")))
                return render(request, "translation/_suggest_thanks.html", context)
    else:
        form = SuggestionForm(initial={"body": html_to_text(translation.html)})
        content_url = (request.htmx and request.htmx.current_url_abs_path) or ""
    context.update(form=form, content_url=content_url)
    template = "translation/_suggest_form.html" if request.htmx else "translation/suggest.html"
    return render(request, template, context)


@login_required
@require_GET
def suggestions(request):
    """The review queue: bilingual members vote, staff accept or decline."""
    permissions.check_can_review_suggestions(request.user)
    translation_id = request.GET.get("translation")
    # A link to one translation's suggestions names it by id; anything else names none.
    if translation_id is not None and parse_id(translation_id) is None:
        raise Http404(_("There is no such translation."))
    page = selectors.suggestion_queue(
        translation_id=parse_id(translation_id), page_number=request.GET.get("page")
    )
    voted = selectors.voted_suggestion_ids(request.user, page.object_list)
    return render(
        request,
        "translation/suggestions.html",
        {
            "page": page,
            "cards": [
                _suggestion_card(request.user, suggestion, voted) for suggestion in page.object_list
            ],
            "can_decide": permissions.can_decide_suggestions(request.user),
        },
    )


def _suggestion_card(member, suggestion, voted: set[int]) -> dict:
    return {
        "suggestion": suggestion,
        "voted": suggestion.pk in voted,
        "can_vote": permissions.can_vote(member, suggestion),
    }


@login_required
@require_POST
def vote(request, suggestion_id: int):
    suggestion = get_object_or_404(Suggestion, pk=suggestion_id)
    permissions.check_can_review_suggestions(request.user)
    voted = services.toggle_suggestion_vote(member=request.user, suggestion=suggestion)
    if not request.htmx:
        return redirect("translation:suggestions")
    card = _suggestion_card(request.user, suggestion, {suggestion.pk} if voted else set())
    return render(request, "translation/_suggestion_vote.html", {"card": card})


@login_required
@require_POST
def decide(request, suggestion_id: int, decision: str):
    """Staff accept a suggestion (it replaces the translation for everyone) or decline it."""
    suggestion = get_object_or_404(Suggestion.objects.select_related("author"), pk=suggestion_id)
    try:
        if decision == "accept":
            services.accept_suggestion(staff=request.user, suggestion=suggestion)
            outcome = _("Accepted: everyone now reads this translation.")
        else:
            services.decline_suggestion(staff=request.user, suggestion=suggestion)
            outcome = _("Declined.")
    except ValidationError as error:
        outcome = error.messages[0]
    if not request.htmx:
        messages.info(request, outcome)
        return redirect("translation:suggestions")
    return render(
        request, "translation/_suggestion_decided.html", {"outcome": outcome, "id": suggestion.pk}
    )


@login_required
@require_http_methods(["GET", "POST"])
def glossary(request, entry_id: int | None = None):
    """The community's own terms, kept by staff; DeepL uses them for every translation."""
    permissions.check_can_manage_glossary(request.user)
    entry = get_object_or_404(GlossaryEntry, pk=entry_id) if entry_id else None
    initial = model_to_dict(entry, fields=["english", "chinese", "note"]) if entry else None
    form = GlossaryEntryForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_glossary_entry(
                staff=request.user,
                english=form.cleaned_data["english"],
                chinese=form.cleaned_data["chinese"],
                note=form.cleaned_data["note"],
                entry=entry,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Saved. Translations will use it in a moment."))
            return redirect("translation:glossary")
    entries, sync = selectors.glossary()
    return render(
        request,
        "translation/glossary.html",
        {"form": form, "entry": entry, "entries": entries, "sync": sync},
    )


@login_required
@require_POST
def glossary_delete(request, entry_id: int):
    entry = get_object_or_404(GlossaryEntry, pk=entry_id)
    services.delete_glossary_entry(staff=request.user, entry=entry)
    messages.success(request, _("Removed from the glossary."))
    return redirect("translation:glossary")
