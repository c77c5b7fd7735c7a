from django.conf import settings


def site(request):
    """What the header and footer of every page need."""
    return {
        "interface_languages": settings.LANGUAGES,
        "htmx_version": "2.0.11",
    }
