"""Members: a moderator warns, silences, suspends, bans or restores a member."""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Member
from moderation import permissions
from moderation.models import Action, AuditEntry, Case
from moderation.services.audit import (
    _decide_cases,
    _open_cases,
    _record,
    _require_reason,
    _tell_author,
)


def warn_member(
    *, moderator: Member, member: Member, reason: str, case: Case | None = None
) -> AuditEntry:
    """A warning the member reads in their notifications; it stays in their history."""
    permissions.check_can_warn_member(moderator, member)
    reason = _require_reason(reason)
    with transaction.atomic():
        return _act_on_member(
            moderator=moderator, member=member, action=Action.WARN, reason=reason, case=case
        )


def _cases_for(moderator: Member, member: Member, case: Case | None) -> list[Case]:
    """The case acted from, and any open report about the member's profile that this
    moderator may decide."""
    cases = [
        found
        for found in _open_cases(member=member, kind=Case.Kind.MEMBER)
        if permissions.can_see_case(moderator, found)
    ]
    if case is not None and case.is_open and case.pk not in {c.pk for c in cases}:
        cases.append(case)
    return cases


def _act_on_member(
    *,
    moderator: Member,
    member: Member,
    action: str,
    reason: str,
    case: Case | None,
    details: dict | None = None,
) -> AuditEntry:
    """Record an action on a member, decide the cases it settles and tell the member."""
    post = case.post if case else None
    entry = _record(
        moderator=moderator,
        action=action,
        target_label=f"@{member.username}",
        reason=reason,
        member=member,
        case=case,
        post=post,
        message=case.message if case else None,
        details=details,
    )
    _decide_cases(
        moderator=moderator,
        cases=_cases_for(moderator, member, case),
        action=action,
        dismissed=False,
    )
    _tell_author(moderator=moderator, member=member, action=action, reason=reason, post=post)
    return entry


def _restrict(
    *,
    moderator: Member,
    member: Member,
    action: str,
    fields: dict,
    reason: str,
    until: datetime | None,
    case: Case | None,
) -> Member:
    permissions.check_can_restrict_member(moderator, member)
    reason = _require_reason(reason)
    if until is not None and until <= timezone.now():
        raise ValidationError(_("Choose a time in the future."))
    with transaction.atomic():
        Member.objects.filter(pk=member.pk).update(**fields)
        for name, value in fields.items():
            setattr(member, name, value)
        _act_on_member(
            moderator=moderator,
            member=member,
            action=action,
            reason=reason,
            case=case,
            details={"until": until.isoformat()} if until else {},
        )
    return member


def silence_member(
    *, moderator: Member, member: Member, until: datetime, reason: str, case: Case | None = None
) -> Member:
    """Read-only until then: no threads, replies, reactions or messages."""
    return _restrict(
        moderator=moderator,
        member=member,
        action=Action.SILENCE,
        fields={"silenced_until": until},
        reason=reason,
        until=until,
        case=case,
    )


def suspend_member(
    *, moderator: Member, member: Member, until: datetime, reason: str, case: Case | None = None
) -> Member:
    """Cannot sign in until then (signed-in pages end at once)."""
    return _restrict(
        moderator=moderator,
        member=member,
        action=Action.SUSPEND,
        fields={"suspended_until": until},
        reason=reason,
        until=until,
        case=case,
    )


def ban_member(
    *, moderator: Member, member: Member, reason: str, case: Case | None = None
) -> Member:
    """Cannot sign in, until an admin or moderator lifts it."""
    return _restrict(
        moderator=moderator,
        member=member,
        action=Action.BAN,
        fields={"banned_at": timezone.now()},
        reason=reason,
        until=None,
        case=case,
    )


def lift_restrictions(*, moderator: Member, member: Member, reason: str) -> Member:
    """End a silence, suspension or ban."""
    permissions.check_can_restrict_member(moderator, member)
    reason = _require_reason(reason)
    if not (member.silenced_until or member.suspended_until or member.banned_at):
        return member
    with transaction.atomic():
        Member.objects.filter(pk=member.pk).update(
            silenced_until=None, suspended_until=None, banned_at=None
        )
        member.silenced_until = member.suspended_until = member.banned_at = None
        _record(
            moderator=moderator,
            action=Action.RESTORE,
            target_label=f"@{member.username}",
            reason=reason,
            member=member,
        )
        _tell_author(moderator=moderator, member=member, action=Action.RESTORE, reason=reason)
    return member
