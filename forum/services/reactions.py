"""Reactions to posts."""

from django.db import IntegrityError, transaction

from accounts.models import Member
from core import caching
from forum import permissions, selectors, signals
from forum.models import Post, Reaction
from forum.services.notifications import notify


def toggle_reaction(*, member: Member, post: Post, kind: str) -> bool:
    """Add the reaction, or take it back if it was there. Returns whether it is now on."""
    permissions.check_can_react(member, post)
    if kind not in Reaction.Kind.values:
        raise ValueError(kind)
    with transaction.atomic():
        deleted, _counts = Reaction.objects.filter(post=post, member=member, kind=kind).delete()
        if deleted:
            _reactions_changed(member, post)
            return False
        signals.check_reaction(member)  # only adding counts; taking back is free
        try:
            with transaction.atomic():
                Reaction.objects.create(post=post, member=member, kind=kind)
        except IntegrityError:  # a double click raced us: it is on either way
            return True
        _reactions_changed(member, post)
        notify(
            recipients=[post.author], kind="reaction", actor=member, post=post, reaction_kind=kind
        )
    return True


def _reactions_changed(member: Member, post: Post) -> None:
    """The post's counts, the member's reactions in its thread, and its thread's page."""
    caching.changed(
        caching.thread(post.thread_id),
        caching.post(post.pk),
        caching.member_version(selectors.my_reactions_name(post.thread_id), member.pk),
    )
