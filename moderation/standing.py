"""A suspended or banned member is kept out, and told why: at sign-in (the allauth adapter
below, which settings name) and on the next request of a session that was open when the
suspension began (StandingMiddleware, after AuthenticationMiddleware and MessageMiddleware).
Moderation owns this: the reason is its audit log's."""

from django.contrib.auth import logout
from django.shortcuts import render
from django.utils import timezone

from accounts.adapters import AccountAdapter
from moderation import selectors


def suspended_response(request, member):
    """The page a suspended or banned member sees instead of the site (403)."""
    return render(
        request,
        "moderation/suspended.html",
        {
            "banned": member.banned_at is not None,
            "until": member.suspended_until,
            "reason": selectors.restriction_reason(member),
        },
        status=403,
    )


class StandingMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        member = request.user
        if member.is_authenticated and member.is_suspended(timezone.now()):
            logout(request)
            return suspended_response(request, member)
        return self.get_response(request)


class StandingAccountAdapter(AccountAdapter):
    """accounts' adapter, refusing to sign in a suspended or banned member."""

    def pre_login(self, request, user, **kwargs):
        if user.is_suspended(timezone.now()):
            return suspended_response(request, user)
        return super().pre_login(request, user, **kwargs)
