"""Roles: admins appoint and remove category moderators."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import Member
from forum.models import Category, CategoryModerator
from moderation import permissions


def appoint_category_moderator(*, admin: Member, member: Member, category: Category) -> None:
    """Let `member` moderate `category` (admins appoint, in Django admin)."""
    if not permissions.is_admin(admin):
        raise PermissionDenied(_("Only admins appoint moderators."))
    with transaction.atomic():
        CategoryModerator.objects.get_or_create(member=member, category=category)
        Member.objects.filter(pk=member.pk).update(is_category_moderator=True)
        member.is_category_moderator = True


def remove_category_moderator(*, admin: Member, member: Member, category: Category) -> None:
    if not permissions.is_admin(admin):
        raise PermissionDenied(_("Only admins appoint moderators."))
    with transaction.atomic():
        CategoryModerator.objects.filter(member=member, category=category).delete()
        still = CategoryModerator.objects.filter(member=member).exists()
        Member.objects.filter(pk=member.pk).update(is_category_moderator=still)
        member.is_category_moderator = still
