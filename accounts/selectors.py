"""Reads about members."""

from allauth.account.models import EmailAddress
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts.models import Draft, Interest, Member, MemberFollow
from core import caching


def visible_members() -> QuerySet[Member]:
    return Member.objects.filter(is_active=True)


def reachable_by_email() -> QuerySet[Member]:
    """Members the site may e-mail: active, not banned, with a verified primary address (the
    one in `email`, which allauth keeps in step)."""
    verified = EmailAddress.objects.filter(user=OuterRef("pk"), primary=True, verified=True)
    return visible_members().filter(Exists(verified), banned_at=None).exclude(email="")


def member_named(username: str, *, active: bool = True) -> Member:
    """The member with this username, in any case, or 404 (`active=False`: closed ones too)."""
    return get_object_or_404(
        visible_members() if active else Member.objects, username__iexact=username
    )


def profile_for(username: str) -> Member:
    """Return the member whose public profile this is, with their interests; 404 otherwise."""
    member = (
        visible_members()
        .prefetch_related(Prefetch("interests", queryset=Interest.objects.order_by("slug")))
        .filter(username__iexact=username)
        .first()
    )
    if member is None:
        raise Http404
    return member


def shown_suggested_interests() -> list[Interest]:
    """The interests suggested to new members (the grid's filter): shared between readers, as
    kept pages are (an edit in the admin shows within PAGE_CACHE_SECONDS)."""
    suggested = Interest.objects.filter(is_suggested=True).order_by("slug")
    return caching.cached("suggested-interests", (), lambda: list(suggested))


def mention_suggestions(prefix: str, *, limit: int = 8) -> list[Member]:
    """Members whose username or display name starts with `prefix` (for @mention completion)."""
    prefix = prefix.strip().lstrip("@")
    if not prefix:
        return []
    return list(
        visible_members()
        .filter(Q(username__istartswith=prefix) | Q(display_name__istartswith=prefix))
        .order_by("username")[:limit]
    )


def follows_member(follower, member: Member) -> bool:
    """Read from the database: chat's "only members I follow" decides with it."""
    return (
        follower.is_authenticated
        and MemberFollow.objects.filter(follower=follower, followed=member).exists()
    )


def followed_ids(member: Member) -> frozenset[int]:
    return frozenset(
        MemberFollow.objects.filter(follower=member).values_list("followed_id", flat=True)
    )


# Which drafts a member has (their keys): read with the request's first round trip, so a page
# with a text box asks the database only when there is a draft to put back in it.
DRAFT_KEYS = caching.prefetched("draft-keys")
DRAFT_KEYS_SECONDS = 3600


def draft_keys(member) -> frozenset[str]:
    return caching.cached_for_member(
        DRAFT_KEYS,
        member.pk,
        lambda: frozenset(Draft.objects.filter(member=member).values_list("key", flat=True)),
        DRAFT_KEYS_SECONDS,
    )


def draft_for(member, key: str) -> Draft | None:
    if not member.is_authenticated or key not in draft_keys(member):
        return None
    return Draft.objects.filter(member=member, key=key).first()
