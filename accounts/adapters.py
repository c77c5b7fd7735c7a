from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.contrib import messages
from django.contrib.sites.requests import RequestSite
from django.shortcuts import redirect
from django.utils import translation
from django.utils.translation import gettext

from accounts import services
from regions.services import client_fingerprint

# The name emails greet with; without django.contrib.sites allauth would use the host name.
SITE_NAME = "Halfway"
# allauth's "we sent you an email" message, added after each confirmation email.
CONFIRMATION_SENT_MESSAGE = "account/messages/email_confirmation_sent.txt"


class AccountAdapter(DefaultAccountAdapter):
    """allauth, with its emails delivered by the worker and no client address in its caches."""

    def get_client_ip(self, request) -> str:
        # allauth names its rate-limit cache entries after this value; a keyed hash keeps
        # clients apart without the address ever reaching the cache.
        return client_fingerprint(request)

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        # The same context allauth's own send_mail builds; only the delivery moves: an SMTP
        # round trip (retried when the server is away) does not belong in the request.
        request = allauth_context.request
        site = RequestSite(request)
        site.name = SITE_NAME
        full_context = {"request": request, "email": email, "current_site": site, **context}
        # In the member's own language where there is a member (a newcomer's is the one they
        # signed up in), else in the page's.
        member = context.get("user")
        language = getattr(member, "preferred_language", None) or translation.get_language()
        with translation.override(language):
            message = self.render_mail(template_prefix, email, full_context)

        def refused() -> None:
            request.halfway_email_refused = True

        services.send_email_later(message, when_refused=refused)

    def add_message(self, request, level, message_template=None, *args, **kwargs) -> None:
        # Never "we sent you an email" for an email the broker refused.
        if message_template == CONFIRMATION_SENT_MESSAGE and email_refused(request):
            messages.error(request, confirmation_refused_message(request))
            return
        super().add_message(request, level, message_template, *args, **kwargs)

    def refused_email_error(self, request) -> str:
        """What a page that would say "we sent you an email" says instead, or "" if sent."""
        if not email_refused(request):
            return ""
        return gettext("We could not send the email just now. Please try again in a few minutes.")

    def respond_email_verification_sent(self, request, user):
        # Its page says an email is on its way; the sign-in page shows the message instead.
        if email_refused(request):
            return redirect("account_login")
        return super().respond_email_verification_sent(request, user)


def email_refused(request) -> bool:
    return getattr(request, "halfway_email_refused", False)


def confirmation_refused_message(request) -> str:
    if request.user.is_authenticated:  # adding an address, or asking again, on the email page
        return gettext(
            "We could not send the confirmation email just now. Please press “Re-send "
            "Verification” in a few minutes."
        )
    return gettext(
        "We could not send the confirmation email just now. Please sign in again "
        "in a few minutes and we will send it then."
    )
