"""The review queue: open reports, grouped and most urgent first, read in the moderator's
language."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_POST

from forum import permissions as forum_permissions
from moderation import permissions, selectors
from moderation.models import Action
from moderation.selectors import Translatable
from translation import services as translation_services
from translation.responses import translate_and_respond
from translation.services import Wanted


@login_required
def review_queue(request):
    permissions.check_can_see_queue(request.user)
    language = request.GET.get("language", "")
    queue = selectors.review_queue(
        request.user, language=language, page_number=request.GET.get("page")
    )
    return render(
        request,
        "moderation/queue.html",
        {
            "queue": queue,
            "language": language if language in selectors.QUEUE_LANGUAGES else "",
            "untranslated": sum(case.untranslated for case in queue.cases),
            "held_posts": selectors.held_posts(request.user),
            "post_actions": [(a, Action(a).label) for a in ("hide", "delete", "edit")],
            "member_actions": [
                (a, Action(a).label)
                for a in ("warn", "silence", "suspend", "ban")
                if a == "warn" or forum_permissions.is_site_moderator(request.user)
            ],
        },
    )


@login_required
@require_POST
def translate_queue(request):
    """Translate what one page of the queue shows (content and notes) into the moderator's
    language: asked for by the page once it has loaded, results swapped in by id."""
    permissions.check_can_see_queue(request.user)
    queue = selectors.review_queue(
        request.user,
        language=request.GET.get("language", ""),
        page_number=request.GET.get("page"),
    )
    texts = selectors.wanted_texts(queue.cases)
    wanted = [
        Wanted(
            text.source_html,
            text.source_language,
            text.element_id,
            translate_url=text.translate_url,
        )
        for text in texts
    ]
    # Reported content and notes are for moderators: private, whatever they quote.
    outcomes = translation_services.request_translations(
        reader=request.user, wanted=wanted, private=True
    )
    retry_urls = {text.element_id: text.translate_url for text in texts}
    blocks = [
        {"element_id": element_id, "outcome": outcome, "translate_url": retry_urls[element_id]}
        for element_id, outcome in outcomes.items()
        if outcome.state != "same_language"
    ]
    return render(request, "forum/_translated_page.html", {"blocks": blocks})


@login_required
@require_POST
def translate_case(request, case_id):
    """Ask again for the translation of one case's reported content (the queue's "Try
    again" after a failure)."""
    permissions.check_can_see_queue(request.user)
    return _translate_one(request, selectors.case_text_for(request.user, case_id))


@login_required
@require_POST
def translate_report(request, report_id):
    """Ask again for the translation of one reporter's note."""
    permissions.check_can_see_queue(request.user)
    return _translate_one(request, selectors.report_note_for(request.user, report_id))


def _translate_one(request, text: Translatable):
    # Private, as the queue's batch asks: moderators' reading, whatever it quotes.
    return translate_and_respond(
        request,
        source_html=text.source_html,
        source_language=text.source_language,
        element_id=text.element_id,
        translate_url=text.translate_url,
        back_to="moderation:queue",
        private=True,
    )
