"""Follows of threads and of members."""

from collections.abc import Iterable

from django.db import transaction

from accounts import services as account_services
from accounts.models import Member
from core import caching
from forum import permissions, selectors
from forum.models import Thread, ThreadFollow
from forum.services.notifications import notify


def follows_changed(member_ids: Iterable[int]) -> None:
    """The members' follows (selectors.follows_of)."""
    caching.changed_for_members(selectors.FOLLOWS, member_ids)


def follow_thread(*, member: Member, thread: Thread, follow: bool) -> None:
    permissions.check_can_follow_thread(member, thread)
    if follow:
        ThreadFollow.objects.get_or_create(member=member, thread=thread)
    else:
        ThreadFollow.objects.filter(member=member, thread=thread).delete()
    follows_changed([member.pk])


def follow_member(*, follower: Member, member: Member, follow: bool) -> None:
    permissions.check_can_follow_member(follower, member)
    with transaction.atomic():
        follows_changed([follower.pk])
        if account_services.set_follow(follower=follower, member=member, follow=follow):
            notify(recipients=[member], kind="follow", actor=follower)


def end_follow_on_block(*, blocker: Member, blocked: Member) -> None:
    """A blocked member no longer follows the blocker (nor may again: permissions)."""
    account_services.set_follow(follower=blocked, member=blocker, follow=False)
    follows_changed([blocked.pk])
