"""allauth's signals, handed to account services, and Django's for a member's row, handed to
the signed-in member's cache (no logic lives here)."""

from allauth.account.signals import user_logged_in, user_signed_up
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils.translation import get_language

from accounts import member_cache, services
from accounts.models import Member


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


@receiver(post_save, sender=Member)
@receiver(post_delete, sender=Member)
def forget_cached_member(sender, instance, created=False, update_fields=None, **kwargs):
    if not created:  # a new row has nothing cached yet
        member_cache.forget_members([instance.pk], update_fields)
