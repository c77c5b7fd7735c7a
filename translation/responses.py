"""The one way an app answers a Translate click, whatever it translates (post, title, bio)."""

from django.shortcuts import redirect, render

from translation import services


def translate_and_respond(
    request,
    *,
    source_html: str,
    source_language: str,
    element_id: str,
    translate_url: str,
    back_to,
    private: bool = False,
):
    """Ask for the translation and answer the htmx request with the block for its state."""
    outcome = services.request_translation(
        reader=request.user,
        source_html=source_html,
        source_language=source_language,
        element_id=element_id,
        anyway=request.POST.get("anyway") == "1",
        translate_url=translate_url,
        private=private,
    )
    if not request.htmx:
        return redirect(back_to)
    return render(
        request,
        "translation/_translation.html",
        {
            "translation": outcome.translation,
            "state": outcome.state,
            "element_id": element_id,
            "translate_url": translate_url,
        },
    )
