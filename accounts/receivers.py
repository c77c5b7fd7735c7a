"""allauth's signals, handed to account services (no logic lives here)."""

from allauth.account.signals import user_logged_in, user_signed_up
from django.dispatch import receiver
from django.utils.translation import get_language

from accounts import services


@receiver(user_signed_up)
def start_membership(sender, request, user, **kwargs):
    services.start_membership(
        member=user,
        language=get_language(),
        region_code=getattr(request, "region_code", None),
    )


@receiver(user_logged_in)
def record_sign_in(sender, request, user, **kwargs):
    services.record_sign_in(member=user, region_code=getattr(request, "region_code", None))
