from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.contrib.sites.shortcuts import get_current_site
from django.utils import timezone

from accounts import services
from accounts.views import suspended_response
from regions.services import client_fingerprint


class AccountAdapter(DefaultAccountAdapter):
    """allauth, with its emails delivered by the worker and no client address in its caches."""

    def get_client_ip(self, request) -> str:
        # allauth names its rate-limit cache entries after this value; a keyed hash keeps
        # clients apart without the address ever reaching the cache.
        return client_fingerprint(request)

    def pre_login(self, request, user, **kwargs):
        # A suspended or banned member is told why instead of being signed in.
        if user.is_suspended(timezone.now()):
            return suspended_response(request, user)
        return super().pre_login(request, user, **kwargs)

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        # The same context allauth's own send_mail builds; only the delivery moves: an SMTP
        # round trip (retried when the server is away) does not belong in the request.
        request = allauth_context.request
        full_context = {
            "request": request,
            "email": email,
            "current_site": get_current_site(request),
            **context,
        }
        services.send_email_later(self.render_mail(template_prefix, email, full_context))
