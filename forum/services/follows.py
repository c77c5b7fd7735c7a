"""Follows of threads and of members, and how far members have read threads."""

from collections.abc import Iterable

from django.db import transaction
from django.db.models import OuterRef, Subquery

from accounts import services as account_services
from accounts.models import Member
from core import caching
from forum import permissions, selectors
from forum.models import Thread, ThreadFollow, ThreadRead
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


def mark_read(*, member: Member, thread_id: int, number: int) -> None:
    """Move the member's position in the thread forward to post `number` (never back: a
    member rereading page 1 keeps their place on page 3). One query when it stays."""
    reads = ThreadRead.objects.filter(member=member, thread_id=thread_id)
    position = reads.values_list("last_read_number", flat=True).first()
    if position is None:
        ThreadRead.objects.bulk_create(
            [ThreadRead(member=member, thread_id=thread_id, last_read_number=number)],
            ignore_conflicts=True,  # two tabs at once: one row
        )
    elif position < number:
        reads.filter(last_read_number__lt=number).update(last_read_number=number)


def mark_all_read(*, member: Member) -> int:
    """Every thread the member has opened, read to its last post; returns how many moved."""
    last = Thread.objects.filter(pk=OuterRef("thread_id")).values("last_number")[:1]
    behind = ThreadRead.objects.filter(member=member, last_read_number__lt=Subquery(last))
    return behind.update(last_read_number=Subquery(last))
