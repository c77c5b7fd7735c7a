"""Cases: a moderator dismisses the reports about a target."""

from django.db import transaction

from accounts.models import Member
from moderation import permissions
from moderation.models import Action, Case
from moderation.services.audit import _decide_cases, _post_label, _record


def dismiss_case(*, moderator: Member, case: Case, reason: str = "") -> Case:
    """Nothing against the rules: the reports are closed, the reporters told."""
    permissions.check_can_decide_case(moderator, case)
    with transaction.atomic():
        _record(
            moderator=moderator,
            action=Action.DISMISS,
            target_label=_case_label(case),
            reason=reason.strip(),
            member=case.member,
            post=case.post,
            message=case.message,
            case=case,
        )
        _decide_cases(moderator=moderator, cases=[case], action=Action.DISMISS, dismissed=True)
    case.refresh_from_db()
    return case


def _case_label(case: Case) -> str:
    if case.post is not None:
        return _post_label(case.post)
    if case.message is not None:
        return f"message {case.message_id} · @{case.member.username}"
    return f"@{case.member.username}"
