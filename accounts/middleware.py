from django.contrib.auth import logout
from django.utils import timezone, translation

from accounts.views import suspended_response


class PreferredLanguageMiddleware:
    """A signed-in member's own language setting outranks the cookie and the browser.

    Runs after LocaleMiddleware (cookie, then Accept-Language) and AuthenticationMiddleware.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        member = request.user
        if member.is_authenticated and member.preferred_language:
            translation.activate(member.preferred_language)
            request.LANGUAGE_CODE = translation.get_language()
        return self.get_response(request)


class StandingMiddleware:
    """A suspended or banned member's session ends on their next request, with the reason.

    After AuthenticationMiddleware and MessageMiddleware; sign-in itself is refused by the
    allauth adapter, so this catches sessions that were open when the suspension began.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        member = request.user
        if member.is_authenticated and member.is_suspended(timezone.now()):
            logout(request)
            return suspended_response(request, member)
        return self.get_response(request)
