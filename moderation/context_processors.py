from forum import permissions as forum_permissions


def moderation_role(request):
    """Whether the header offers the review queue: no query (the role is on the member)."""
    member = getattr(request, "user", None)
    return {
        "is_moderator": bool(
            member
            and member.is_authenticated
            and (member.is_staff or member.is_superuser or member.is_category_moderator)
        ),
        "is_site_moderator": forum_permissions.is_site_moderator(member),
    }
