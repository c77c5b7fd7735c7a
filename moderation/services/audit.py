"""The audit log and the cases an action decides: the steps every moderator action shares."""

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Member
from chat.models import Message
from core import caching
from forum import services as forum_services
from forum.models import Post, Thread
from moderation.models import AuditEntry, Case, Report


def _post_label(post: Post) -> str:
    return f"#{post.number} · {post.thread.title}"[:200]


def _record(
    *,
    moderator: Member,
    action: str,
    target_label: str,
    reason: str = "",
    member: Member | None = None,
    post: Post | None = None,
    thread: Thread | None = None,
    message: Message | None = None,
    case: Case | None = None,
    details: dict | None = None,
) -> AuditEntry:
    # Every moderator's action goes through here: what it hides or shows may be on any page.
    caching.changed(caching.POSTS, caching.MEMBERS)
    return AuditEntry.objects.create(
        moderator=moderator,
        action=action,
        target_label=target_label,
        reason=reason,
        member=member,
        post=post,
        thread=thread or (post.thread if post is not None else None),
        message=message,
        case=case,
        details=details or {},
    )


def _decide_cases(*, moderator: Member, cases: list[Case], action: str, dismissed: bool) -> None:
    """Close these open cases with the action that decided them; tell each reporter."""
    if not cases:
        return
    now = timezone.now()
    status = Case.Status.DISMISSED if dismissed else Case.Status.ACTIONED
    # Only the cases this call closes: a second click (or another moderator) finds them closed
    # and tells nobody twice.
    still_open = list(
        Case.objects.select_for_update()
        .filter(pk__in=[c.pk for c in cases], status=Case.Status.OPEN)
        .values_list("pk", flat=True)
    )
    if not still_open:
        return
    Case.objects.filter(pk__in=still_open).update(
        status=status, resolved_at=now, resolved_by=moderator, outcome=action
    )
    reports = Report.objects.filter(case_id__in=still_open).select_related(
        "reporter", "case__post__thread"
    )
    for report in reports:
        case = report.case
        forum_services.notify(
            recipients=[report.reporter],
            kind="report",
            actor=moderator,
            post=case.post,
            action=action,
            url=_case_url(case),
        )


def _case_url(case: Case) -> str:
    if case.post is not None:
        return case.post.get_absolute_url()
    if case.message is not None:
        return case.message.conversation.get_absolute_url()
    return case.member.get_absolute_url()


def _open_cases(**lookup) -> list[Case]:
    return list(Case.objects.filter(status=Case.Status.OPEN, **lookup))


def _act_on_post(*, moderator: Member, post: Post, action: str, reason: str) -> None:
    """Record an action that changed a post, decide its open cases and tell its author."""
    _record(
        moderator=moderator,
        action=action,
        target_label=_post_label(post),
        reason=reason,
        member=post.author,
        post=post,
    )
    _decide_cases(moderator=moderator, cases=_open_cases(post=post), action=action, dismissed=False)
    _tell_author(moderator=moderator, member=post.author, action=action, reason=reason, post=post)


def _require_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Give a reason: the member and the audit log will see it."))
    return reason


def _tell_author(
    *, moderator: Member, member: Member, action: str, reason: str, post: Post | None = None
) -> None:
    forum_services.notify(
        recipients=[member],
        kind="moderation",
        actor=moderator,
        post=post,
        action=action,
        note=reason,
        url=post.get_absolute_url() if post is not None else "",
    )
