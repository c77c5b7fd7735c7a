"""Changes to a member's home feed settings: only the member makes them (forum/feed.py reads)."""

from django.db import transaction

from accounts.models import Member
from core.ids import parse_id
from forum import feed
from forum.models import Category, FeedPreference


@transaction.atomic
def save_feed_settings(
    *,
    member: Member,
    languages: list[str],
    muted_categories: list[Category],
    only_following: bool,
    emphasised_regions: list[str],
    hidden_regions: list[str],
) -> FeedPreference:
    """Save the whole settings screen at once; it applies at the next page."""
    preference = feed.stored_preference(member)
    feed.forget_preference(member)
    preference.languages = [code for code in languages if code in feed.LANGUAGES]
    preference.only_following = only_following
    preference.emphasised_regions = sorted(set(emphasised_regions) - set(hidden_regions))
    preference.hidden_regions = sorted(set(hidden_regions))
    preference.save()
    preference.muted_categories.set(muted_categories)
    return preference


@transaction.atomic
def remove_chip(*, member: Member, key: str) -> FeedPreference:
    """Undo one setting shown as a chip above the feed (an unknown key changes nothing)."""
    preference = feed.stored_preference(member)
    feed.forget_preference(member)
    kind, _sep, value = key.partition(":")
    if kind == "languages":
        preference.languages = []
    elif kind == "following":
        preference.only_following = False
    elif kind == "mute" and parse_id(value) is not None:
        preference.muted_categories.remove(parse_id(value))
    elif kind == "emphasise":
        preference.emphasised_regions = [c for c in preference.emphasised_regions if c != value]
    elif kind == "hide":
        preference.hidden_regions = [c for c in preference.hidden_regions if c != value]
    else:
        return preference
    preference.save()
    return preference


@transaction.atomic
def answer_new_defaults(*, member: Member, accept: bool) -> FeedPreference:
    """The member's answer to newer defaults: take them, or keep their feed as it is. Either
    way they are not asked again about these."""
    preference = feed.stored_preference(member)
    feed.forget_preference(member)
    latest = feed.DEFAULTS[-1]
    if preference.defaults_version >= latest.version:
        return preference
    if accept:
        preference.languages = feed.default_languages(member, latest)
    preference.defaults_version = latest.version
    preference.save()
    return preference
