"""The signed-in member's row, cached between their requests (core/caching.py).

Every request of a signed-in member needs their row (Django's ModelBackend reads it after the
session), and it rarely changes. It is cached under the member's `member-row` version. Every
change to the row through the ORM (a save, a queryset update, a deletion:
accounts.models.MemberQuerySet and accounts.receivers) names that version as changed, so the
next request reads the row from the database and the session check that follows sees a new
password, a ban or a closed account at once; a row read before such a change and stored after
it is never served. What changes behind the ORM's back (raw SQL), or a change made while the
cache was away, lasts at most TIMEOUT seconds.
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


def forget_members(member_ids: Iterable[int], fields: Iterable[str] | None = None) -> None:
    """These members' rows changed (`fields` of them, or any): the cached rows are never
    served again, nor anything cached that shows members (their names, photos, profiles)."""
    caching.changed_for_members(ROW, member_ids)
    if fields is None or not set(fields) <= PRIVATE_FIELDS:
        caching.changed(caching.MEMBERS)
