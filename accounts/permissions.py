"""Who may do what to members' accounts and profiles."""

from accounts.models import Member


def can_edit_profile(actor: Member, profile: Member) -> bool:
    return actor.is_authenticated and actor.is_active and actor.pk == profile.pk


def can_see_avatar(actor, name: str) -> bool:
    """Avatars are public, as long as a member has this one: a replaced file is not served."""
    return Member.objects.filter(avatar=name).exists()
