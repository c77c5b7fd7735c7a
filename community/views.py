from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from accounts import permissions as account_permissions
from chat import permissions as chat_permissions
from chat import selectors as chat_selectors
from community import selectors, services
from core import caching
from forum import permissions as forum_permissions
from forum import selectors as forum_selectors
from moderation import permissions as moderation_permissions
from moderation import selectors as moderation_selectors


def overview(request):
    """The community in pictures, from the tables of counts as they are; now and then the
    visit also asks the worker to bring them up to date (see community.services)."""
    services.request_refresh()
    return render(request, "community/community.html", {"page": selectors.community_page()})


@caching.cache_page(lambda **kwargs: (caching.POSTS, caching.MEMBERS))
def profile(request, username):
    shown = selectors.profile_page(username)
    member = shown.member
    return render(
        request,
        "community/profile.html",
        {
            "profile": member,
            "interests": shown.interests,
            "can_edit": account_permissions.can_edit_profile(request.user, member),
            "can_follow": forum_permissions.can_follow_member(request.user, member),
            "is_following": member.pk in forum_selectors.follows_of(request.user).members,
            "introduction": shown.introduction,
            "region_code": shown.region_code,
            "has_blocked": member.pk in chat_selectors.blocked_ids(request.user),
            # Instead of a Message button that would only lead to a refusal.
            "message_refusal": chat_permissions.why_blocked_from_messaging(request.user, member.pk),
            "member_actions": moderation_permissions.member_actions(request.user, member),
            "standing": moderation_selectors.standing_note(member)
            if moderation_permissions.is_moderator(request.user)
            else "",
        },
    )


@login_required
@require_GET
def exchange_partners(request):
    member = request.user
    return render(
        request,
        "community/exchange_partners.html",
        {
            "partners": selectors.exchange_partners(member, request.GET.get("page")),
            "has_languages": bool(member.languages_spoken and member.languages_learning),
        },
    )
