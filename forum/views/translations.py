"""Translating a post, a thread's title and a page of a thread for the reader."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import escape
from django.views.decorators.http import require_POST

from forum import permissions, selectors
from forum.models import Post
from translation import services as translation_services
from translation.responses import translate_and_respond
from translation.services import Wanted


def _answers_wanted(post: Post, *, anyway: bool = False) -> list[Wanted]:
    """An introduction's answers, each to translate on its own (its label is the page's, in
    the reader's language, and never sent)."""
    answers = selectors.IntroductionAnswers.of(post)
    if answers is None:
        return []
    return [
        Wanted(escape(words), answers.language, element_id, anyway)
        for _name, words, element_id in answers.parts
    ]


@require_POST
@login_required
def translate_post(request, post_id):
    """Translate a post for this reader: at once from the cache, else by the worker."""
    found = selectors.get_post_for(request.user, post_id)
    translate_url = reverse("forum:post-translate", args=[found.pk])
    anyway = request.POST.get("anyway") == "1"
    answers = _answers_wanted(found, anyway=anyway)
    if not answers:
        return translate_and_respond(
            request,
            source_html=found.body_html,
            source_language=found.language,
            element_id=found.translation_element_id,
            translate_url=translate_url,
            back_to=found,
        )
    # An introduction's opening post: its text and its answers, in one request.
    outcomes = translation_services.request_translations(
        reader=request.user,
        wanted=[
            Wanted(
                found.body_html, found.language, found.translation_element_id, anyway, translate_url
            ),
            *answers,
        ],
    )
    if not request.htmx:
        return redirect(found)
    post_outcome = outcomes.pop(found.translation_element_id)
    return render(
        request,
        "forum/_translated_introduction.html",
        {
            "element_id": found.translation_element_id,
            "translation": post_outcome.translation,
            "state": post_outcome.state,
            "translate_url": translate_url,
            "blocks": [
                {"element_id": element_id, "outcome": outcome}
                for element_id, outcome in outcomes.items()
                if outcome.state in ANSWER_STATES_SHOWN
            ],
        },
    )


# An answer's own block shows its translation or that it is coming; what went wrong (or that
# it needs none) the post's block says once for all.
ANSWER_STATES_SHOWN = {"done", "pending", "still_pending"}


@require_POST
@login_required
def translate_thread_page(request, thread_id):
    """Translate the title and every visible post of one page of a thread, in one batch."""
    current = selectors.get_thread_for(request.user, thread_id)
    page = selectors.thread_page(request.user, current, request.GET.get("page"))
    title_url = reverse("forum:thread-translate", args=[current.pk])
    shown = [
        post
        for post in page.posts
        if post.deleted_at is None and permissions.can_see_post_text(request.user, post)
    ]
    wanted = [
        Wanted(
            escape(current.title), current.language, "thread-title-translation", False, title_url
        )
    ] + [
        wanted
        for post in shown
        for wanted in [
            Wanted(
                post.body_html,
                post.language,
                post.translation_element_id,
                translate_url=reverse("forum:post-translate", args=[post.pk]),
            ),
            *_answers_wanted(post),
        ]
    ]
    outcomes = translation_services.request_translations(reader=request.user, wanted=wanted)
    blocks = [
        {"element_id": element_id, "outcome": outcome}
        for element_id, outcome in outcomes.items()
        if outcome.state != "same_language"
    ]
    return render(request, "forum/_translated_page.html", {"blocks": blocks})


@require_POST
@login_required
def translate_title(request, thread_id):
    current = selectors.get_thread_for(request.user, thread_id)
    return translate_and_respond(
        request,
        source_html=escape(current.title),
        source_language=current.language,
        element_id="thread-title-translation",
        translate_url=reverse("forum:thread-translate", args=[current.pk]),
        back_to=current,
    )
