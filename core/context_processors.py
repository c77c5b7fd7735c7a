from django.conf import settings

from core.caching import release
from core.event_log import event_log


def site(request):
    """What the header and footer of every page need."""
    return {
        "interface_languages": settings.LANGUAGES,
        "htmx_version": "2.0.11",
        # In every {% cache %} key: a release never serves a fragment an older one rendered.
        "release": release(),
    }


def realtime(request):
    """The member's newest live event number, which their page counts on from (read only when
    the page shows it: the body of a signed-in member's page)."""

    def newest_seq():
        try:
            return event_log().current(request.user.pk)
        except Exception:  # the log is down: the page counts from its socket's hello frame
            return ""

    return {"realtime_seq": newest_seq}
