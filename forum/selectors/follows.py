"""Whom and which threads a member follows, as pages read it."""

from dataclasses import dataclass

from accounts import selectors as account_selectors
from core import caching
from forum.models import ThreadFollow

# Pages read whom and what a member follows (the home feed's "only people I follow" and its
# reasons, a thread's and a profile's Follow button); only the member's own follows change it,
# and the services that write them drop the kept answer. Permission checks on writes (who may
# message whom) read the database (accounts.selectors.follows_member).
FOLLOWS = caching.prefetched("follows")
FOLLOWS_SECONDS = 300


@dataclass(frozen=True)
class Follows:
    members: frozenset[int] = frozenset()
    threads: frozenset[int] = frozenset()


def follows_of(member) -> Follows:
    """The members and threads `member` follows, as kept for their pages."""
    if not member.is_authenticated:
        return Follows()

    def stored() -> Follows:
        return Follows(
            account_selectors.followed_ids(member),
            frozenset(
                ThreadFollow.objects.filter(member=member).values_list("thread_id", flat=True)
            ),
        )

    return caching.cached_for_member(FOLLOWS, member.pk, stored, FOLLOWS_SECONDS)
