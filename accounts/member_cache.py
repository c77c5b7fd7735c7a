"""The signed-in member's row, kept in the cache between their requests.

Every request of a signed-in member needs their row (Django's ModelBackend reads it after the
session), and it rarely changes. It is kept here beside a version: a random token stored under
its own key. Every change to the row through the ORM (a save, a queryset update, a deletion:
accounts.models.MemberQuerySet and accounts.receivers) drops the version at once and again once
the transaction commits, so the next request reads the row from the database and the session
check that follows sees a new password, a ban or a closed account at once.

A request that read the row just before such a commit may store it just after the drop, but
beside the version it read, which no longer exists: a stale row is never served, whatever the
order. What changes behind the ORM's back (raw SQL), or a drop lost while the cache was away,
lasts at most KEEP_SECONDS.
"""

import functools
import hashlib
import secrets
from collections.abc import Iterable

import django
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import transaction

KEEP_SECONDS = 300
# The version outlives the row it guards, so a kept row is rarely found without one.
VERSION_SECONDS = 24 * 3600


@functools.cache
def _schema() -> str:
    """Changes with Member's fields and Django's version: a release never reads an older
    release's pickled row (which would lack a new field, or warn of another Django)."""
    fields = ",".join(field.attname for field in get_user_model()._meta.concrete_fields)
    return hashlib.sha256(f"{django.get_version()}:{fields}".encode()).hexdigest()[:12]


def _keys(member_id: int) -> tuple[str, str]:
    row = f"signed-in-member:{_schema()}:{member_id}"
    return row + ":version", row


def member_by_id(member_id: int):
    """Return the member with this id (active or not), or None: from the cache while their
    row is unchanged, else from the database (and kept)."""
    version_key, row_key = _keys(member_id)
    found = cache.get_many([version_key, row_key])
    version = found.get(version_key)
    kept = found.get(row_key)
    if version is not None and isinstance(kept, tuple) and kept[0] == version:
        return kept[1]
    if version is None:
        version = secrets.token_hex(8)
        if not cache.add(version_key, version, VERSION_SECONDS):
            # Another request made one a moment ago (None if a change dropped it since).
            version = cache.get(version_key)
    member = get_user_model()._default_manager.filter(pk=member_id).first()
    if member is not None and version is not None:
        cache.set(row_key, (version, member), KEEP_SECONDS)
    return member


def forget_members(member_ids: Iterable[int]) -> None:
    """Stop serving these members' kept rows: now, and again once the current transaction
    commits (a request may have read a row as it was before the commit and kept it since)."""
    keys = [_keys(member_id)[0] for member_id in set(member_ids)]
    if keys:
        cache.delete_many(keys)
        transaction.on_commit(lambda: cache.delete_many(keys), robust=True)
