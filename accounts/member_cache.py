"""The signed-in member's row, cached between their requests under their `member-row` version
(core/caching.py): every request needs it, and it rarely changes.

Every change to the row through the ORM (a save, a queryset update, a deletion:
accounts.models.MemberQuerySet and accounts.receivers) names that version as changed, so the
session check sees a new password, a ban or a closed account at once. A change behind the
ORM's back (raw SQL), or made while the cache was away, lasts at most TIMEOUT seconds.
"""

from collections.abc import Iterable

from django.contrib.auth import get_user_model

from core import caching

ROW = caching.prefetched("member-row")  # read with the values every page shows
TIMEOUT = 300


def member_by_id(member_id: int):
    """The member with this id (active or not), or None: cached while their row is unchanged."""
    return caching.cached_for_member(
        ROW,
        member_id,
        lambda: get_user_model()._default_manager.filter(pk=member_id).first(),
        TIMEOUT,
    )


# Fields no other reader sees: a change to these alone leaves what others read as it was.
PRIVATE_FIELDS = frozenset({"last_login", "password", "preferred_language", "always_translate"})
PRIVATE_FIELDS |= {"theme"}  # still a frozenset


def forget_members(member_ids: Iterable[int], fields: Iterable[str] | None = None) -> None:
    """These members' rows changed (`fields` of them, or any): the cached rows are never
    served again, nor anything cached that shows members (their names, photos, profiles)."""
    caching.changed_for_members(ROW, member_ids)
    if fields is None or not set(fields) <= PRIVATE_FIELDS:
        caching.changed(caching.MEMBERS)
