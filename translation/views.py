from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from translation import selectors, services
from translation.models import Reader, Translation


@staff_member_required
@require_GET
def dashboard(request):
    """Characters sent per day against the plan, the cache's hit rate, what failed and why."""
    return render(request, "translation/dashboard.html", {"dashboard": selectors.dashboard()})


@login_required
@require_GET
def translation_state(request, translation_id: int, element_id: str):
    """The one follow-up request a page makes when its socket did not bring the result."""
    translation = Translation.objects.filter(pk=translation_id).first()
    waiting = (
        translation is not None
        and Reader.objects.filter(
            translation=translation, member=request.user, element_id=element_id
        ).exists()
    )
    if not waiting:
        raise Http404  # only the reader who asked, and only once
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
        },
    )
