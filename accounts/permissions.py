"""Who may do what to members' accounts and profiles, and whether a member may write at all."""

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.models import Member


def can_edit_profile(actor: Member, profile: Member) -> bool:
    return actor.is_authenticated and actor.is_active and actor.pk == profile.pk


def can_see_avatar(actor, name: str) -> bool:
    """Avatars are public, as long as a member has this one: a replaced file is not served."""
    return Member.objects.filter(avatar=name).exists()


def why_cannot_post(actor) -> str | None:
    """A silenced member reads but does not write until the silence ends (moderators silence;
    every app that takes writing asks here)."""
    if actor and actor.is_authenticated and actor.is_active and actor.is_silenced(timezone.now()):
        when = timezone.localtime(actor.silenced_until)
        return _("Moderators have made your account read-only until %(date)s.") % {
            "date": date_format(when, "DATETIME_FORMAT")
        }
    return None
