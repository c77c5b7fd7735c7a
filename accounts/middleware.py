from django.utils import translation


class PreferredLanguageMiddleware:
    """A signed-in member's own language setting outranks the cookie and the browser (runs after
    LocaleMiddleware, which reads those, and AuthenticationMiddleware)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        member = request.user
        if member.is_authenticated and member.preferred_language:
            translation.activate(member.preferred_language)
            request.LANGUAGE_CODE = translation.get_language()
        return self.get_response(request)
