"""Who may do what to members' accounts and profiles."""

from accounts.models import Member


def can_edit_profile(actor: Member, profile: Member) -> bool:
    return actor.is_authenticated and actor.is_active and actor.pk == profile.pk
