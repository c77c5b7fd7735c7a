"""The live events a page missed (core/realtime.py, core/event_log.py)."""

from django.core.exceptions import BadRequest, PermissionDenied
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from core import event_log, realtime
from core.ids import parse_id


@never_cache
@require_GET
def realtime_events(request):
    """The signed-in member's live frames after `?after=<seq>`, for a page that missed some.

    When the log no longer holds them all, the answer says so (`resync`) and carries every
    badge as it is now; the page refreshes its other parts itself.
    """
    member = request.user
    if not member.is_authenticated or member.is_suspended(timezone.now()):
        raise PermissionDenied
    after = parse_id(request.GET.get("after", ""))
    if after is None:
        raise BadRequest("after: not an event number")
    seq, frames = event_log.frames_after(member.pk, after)
    if frames is None:
        return JsonResponse({"seq": seq, "resync": True, "events": realtime.state_frames(member)})
    return JsonResponse({"seq": seq, "resync": False, "events": frames})
