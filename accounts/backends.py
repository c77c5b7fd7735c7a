from allauth.account.auth_backends import AuthenticationBackend

from accounts import member_cache


class MemberBackend(AuthenticationBackend):
    """allauth's backend (sign-in by username or email, as Django's ModelBackend by username),
    finding each request's signed-in member through accounts.member_cache instead of a query.

    Django still compares the session's hash with the member's password and refuses an
    inactive member, on the row this returns; every change to that row drops the kept one.
    """

    def get_user(self, user_id):
        member = member_cache.member_by_id(user_id)
        return member if member is not None and self.user_can_authenticate(member) else None
