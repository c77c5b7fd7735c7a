"""Writes in moderation: reports, and every moderator action with its audit row.

Each action checks its permission here, changes the target, writes one `AuditEntry` naming the
moderator in the same transaction, decides the open case about the target (telling its
reporters the outcome) and notifies whom it concerns once committed.
"""

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Member
from chat import services as chat_services
from chat.models import Message
from chat.selectors import participation
from core import caching
from core.markup import render_markdown
from core.ratelimits import within_limit
from forum import services as forum_services
from forum.models import Category, CategoryModerator, Post, Thread
from moderation import permissions
from moderation.models import (
    REASON_WEIGHT,
    Action,
    AuditEntry,
    Case,
    Reason,
    Report,
)
from translation.detection import detect_language

# How many messages before and after a reported chat message the reporter may share.
SHARED_CONTEXT = 5


@dataclass(frozen=True)
class Target:
    """What a report or an action is about: a post, a chat message or a member's profile."""

    kind: str
    member: Member
    post: Post | None = None
    message: Message | None = None

    @classmethod
    def of_post(cls, post: Post) -> "Target":
        return cls(Case.Kind.POST, post.author, post=post)

    @classmethod
    def of_message(cls, message: Message) -> "Target":
        return cls(Case.Kind.MESSAGE, message.author, message=message)

    @classmethod
    def of_member(cls, member: Member) -> "Target":
        return cls(Case.Kind.MEMBER, member)

    @property
    def lookup(self) -> dict:
        if self.post is not None:
            return {"post": self.post}
        if self.message is not None:
            return {"message": self.message}
        return {"member": self.member}

    @property
    def language(self) -> str:
        content = self.post or self.message
        return content.language if content is not None else self.member.bio_language


def file_report(
    *,
    reporter: Member,
    target: Target,
    reason: str,
    note: str = "",
    share_context: bool = False,
    also_block: bool = False,
) -> Report:
    """Report a post, a chat message or a profile; reports about one target form one case.

    A member reports a thing once. For a chat message only what the reporter is in may be
    reported, and the messages around it reach moderators only if the reporter shares them.
    `also_block`: the reporter blocks the member in the same step (a message request's
    "Block and report").
    """
    permissions.check_can_report(reporter, target.member)
    if target.message is not None and not participation(reporter, target.message.conversation_id):
        raise PermissionDenied(_("You cannot report this message."))
    if reason not in Reason.values:
        raise ValidationError(_("Choose a reason."), code="reason")
    if permissions.already_reported(reporter, **target.lookup):
        raise ValidationError(_("You have already reported this."), code="duplicate")
    if not within_limit("report", reporter.pk, settings.MODERATION_REPORT_RATE_LIMIT):
        raise ValidationError(
            _("You have sent many reports in a short time. Try again later."),
            code="rate_limited",
        )
    note = note.strip()
    note_html = render_markdown(note) if note else ""
    note_language = detect_language(note).code if note else ""
    weight = REASON_WEIGHT[reason]
    try:
        with transaction.atomic():
            report = _add_report(target, reporter, reason, note, note_html, note_language, weight)
            if target.message is not None:
                shared = _messages_around(target.message) if share_context else [target.message]
                report.shared_messages.set(shared)
            if also_block:
                # "Block and report": one decision, one transaction.
                chat_services.block_member(blocker=reporter, blocked=target.member)
    except IntegrityError:  # a double submit: the first one stands
        raise ValidationError(_("You have already reported this."), code="duplicate") from None
    return report


def _add_report(target, reporter, reason, note, note_html, note_language, weight) -> Report:
    with transaction.atomic():
        case = _open_case(target)
        report = Report.objects.create(
            case=case,
            reporter=reporter,
            reason=reason,
            note=note,
            note_html=note_html,
            note_language=note_language,
        )
        Case.objects.filter(pk=case.pk).update(
            report_count=F("report_count") + 1, urgency=F("urgency") + weight
        )
    return report


def _open_case(target: Target) -> Case:
    """The open case about this target, made if there is none (concurrent reports meet at a
    unique constraint and join the same case)."""
    found = Case.objects.filter(status=Case.Status.OPEN, kind=target.kind, **target.lookup)
    case = found.select_for_update().first()
    if case is not None:
        return case
    post = target.post
    try:
        with transaction.atomic():
            return Case.objects.create(
                kind=target.kind,
                member=target.member,
                post=post,
                message=target.message,
                category_id=post.thread.category_id if post is not None else None,
                language=target.language or "",
            )
    except IntegrityError:
        return found.select_for_update().get()


def _messages_around(message: Message) -> list[Message]:
    in_conversation = Message.objects.filter(conversation_id=message.conversation_id)
    before = list(in_conversation.filter(pk__lt=message.pk).order_by("-pk")[:SHARED_CONTEXT])
    after = list(in_conversation.filter(pk__gt=message.pk).order_by("pk")[:SHARED_CONTEXT])
    return [*before, message, *after]


# ---------------------------------------------------------------- the audit log and cases


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


# ---------------------------------------------------------------- cases


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


# ---------------------------------------------------------------- posts


def hide_post(*, moderator: Member, post: Post, reason: str) -> Post:
    """Members see "hidden by moderators"; the author and moderators still read it."""
    permissions.check_can_moderate_post(moderator, post)
    reason = _require_reason(reason)
    if post.hidden_at is not None:
        return post
    with transaction.atomic():
        now = timezone.now()
        if not Post.objects.filter(pk=post.pk, hidden_at__isnull=True).update(
            hidden_at=now, hidden_reason=reason[:500]
        ):
            return post  # another moderator hid it a moment ago
        post.hidden_at, post.hidden_reason = now, reason[:500]
        _record(
            moderator=moderator,
            action=Action.HIDE,
            target_label=_post_label(post),
            reason=reason,
            member=post.author,
            post=post,
        )
        _decide_cases(
            moderator=moderator, cases=_open_cases(post=post), action=Action.HIDE, dismissed=False
        )
        _tell_author(
            moderator=moderator, member=post.author, action=Action.HIDE, reason=reason, post=post
        )
    return post


def unhide_post(*, moderator: Member, post: Post, reason: str = "") -> Post:
    permissions.check_can_moderate_post(moderator, post)
    if post.hidden_at is None:
        return post
    with transaction.atomic():
        Post.objects.filter(pk=post.pk).update(hidden_at=None, hidden_reason="")
        post.hidden_at, post.hidden_reason = None, ""
        _record(
            moderator=moderator,
            action=Action.UNHIDE,
            target_label=_post_label(post),
            reason=reason.strip(),
            member=post.author,
            post=post,
        )
    return post


def delete_post(*, moderator: Member, post: Post, reason: str) -> Post:
    """Deleted by moderators (the opening post takes its thread); kept for the history."""
    permissions.check_can_moderate_post(moderator, post)
    reason = _require_reason(reason)
    if post.deleted_at is not None:
        return post
    with transaction.atomic():
        forum_services.soft_delete_post(post=post, by_moderators=True)
        _record(
            moderator=moderator,
            action=Action.DELETE,
            target_label=_post_label(post),
            reason=reason,
            member=post.author,
            post=post,
        )
        _decide_cases(
            moderator=moderator,
            cases=_open_cases(post=post),
            action=Action.DELETE,
            dismissed=False,
        )
        _tell_author(
            moderator=moderator, member=post.author, action=Action.DELETE, reason=reason, post=post
        )
    return post


def edit_post(*, moderator: Member, post: Post, body: str, reason: str) -> Post:
    """A moderator's edit: the reason is required and kept in the post's history."""
    permissions.check_can_moderate_post(moderator, post)
    reason = _require_reason(reason)
    if not body.strip():
        raise ValidationError(_("The post cannot be empty."))
    if body == post.body:
        return post
    with transaction.atomic():
        forum_services.edit_post(editor=moderator, post=post, body=body, reason=reason)
        _record(
            moderator=moderator,
            action=Action.EDIT,
            target_label=_post_label(post),
            reason=reason,
            member=post.author,
            post=post,
        )
        _decide_cases(
            moderator=moderator, cases=_open_cases(post=post), action=Action.EDIT, dismissed=False
        )
        _tell_author(
            moderator=moderator, member=post.author, action=Action.EDIT, reason=reason, post=post
        )
    return post


def approve_post(*, moderator: Member, post: Post) -> Post:
    """A held post (a new member's link, a watched word) becomes visible to everyone."""
    permissions.check_can_moderate_post(moderator, post)
    if post.held_at is None:
        return post
    with transaction.atomic():
        # Conditional: of two clicks, one approves (and counts, and notifies).
        if not Post.objects.filter(pk=post.pk, held_at__isnull=False).update(
            held_at=None, held_reason=""
        ):
            return post
        post.held_at, post.held_reason = None, ""
        if post.is_opening:
            Thread.objects.filter(pk=post.thread_id).update(held_at=None)
        forum_services.announce_post(post)
        _tell_author(
            moderator=moderator, member=post.author, action=Action.APPROVE, reason="", post=post
        )
        _record(
            moderator=moderator,
            action=Action.APPROVE,
            target_label=_post_label(post),
            member=post.author,
            post=post,
        )
    return post


# ---------------------------------------------------------------- threads


def _thread_label(thread: Thread) -> str:
    return thread.title[:200]


# Each thread flag a moderator sets: the action, the field it sets, and whether it sets it.
THREAD_FLAGS = {
    Action.LOCK: ("locked_at", True),  # no new replies (moderators of the thread still may)
    Action.UNLOCK: ("locked_at", False),
    Action.PIN: ("pinned_at", True),  # first in its category, above newer activity
    Action.UNPIN: ("pinned_at", False),
}


def flag_thread(*, moderator: Member, thread: Thread, action: str, reason: str = "") -> Thread:
    """Lock, unlock, pin or unpin a thread (`action`); doing what is already done does nothing."""
    permissions.check_can_moderate_thread(moderator, thread)
    field, on = THREAD_FLAGS[action]
    if (getattr(thread, field) is not None) == on:
        return thread
    value = timezone.now() if on else None
    with transaction.atomic():
        Thread.objects.filter(pk=thread.pk).update(**{field: value})
        setattr(thread, field, value)
        _record(
            moderator=moderator,
            action=action,
            target_label=_thread_label(thread),
            reason=reason.strip(),
            member=thread.author,
            thread=thread,
        )
    return thread


def move_thread(
    *, moderator: Member, thread: Thread, category: Category, reason: str = ""
) -> Thread:
    permissions.check_can_move_thread(moderator, thread, category)
    if thread.category_id == category.pk:
        return thread
    if category.is_introductions or thread.category.is_introductions:
        raise ValidationError(_("Introductions stay in Introductions, and only they belong there."))
    previous = thread.category
    with transaction.atomic():
        Thread.objects.filter(pk=thread.pk).update(category=category)
        Case.objects.filter(post__thread=thread, status=Case.Status.OPEN).update(category=category)
        thread.category = category
        _record(
            moderator=moderator,
            action=Action.MOVE,
            target_label=_thread_label(thread),
            reason=reason.strip(),
            member=thread.author,
            thread=thread,
            details={"from": previous.slug, "to": category.slug},
        )
    return thread


# ---------------------------------------------------------------- members


def warn_member(
    *, moderator: Member, member: Member, reason: str, case: Case | None = None
) -> AuditEntry:
    """A warning the member reads in their notifications; it stays in their history."""
    permissions.check_can_warn_member(moderator, member)
    reason = _require_reason(reason)
    with transaction.atomic():
        entry = _record(
            moderator=moderator,
            action=Action.WARN,
            target_label=f"@{member.username}",
            reason=reason,
            member=member,
            case=case,
            post=case.post if case else None,
            message=case.message if case else None,
        )
        _decide_cases(
            moderator=moderator,
            cases=_cases_for(moderator, member, case),
            action=Action.WARN,
            dismissed=False,
        )
        _tell_author(
            moderator=moderator,
            member=member,
            action=Action.WARN,
            reason=reason,
            post=case.post if case else None,
        )
    return entry


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
        _record(
            moderator=moderator,
            action=action,
            target_label=f"@{member.username}",
            reason=reason,
            member=member,
            case=case,
            post=case.post if case else None,
            message=case.message if case else None,
            details={"until": until.isoformat()} if until else {},
        )
        _decide_cases(
            moderator=moderator,
            cases=_cases_for(moderator, member, case),
            action=action,
            dismissed=False,
        )
        _tell_author(
            moderator=moderator,
            member=member,
            action=action,
            reason=reason,
            post=case.post if case else None,
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


# ---------------------------------------------------------------- roles


def appoint_category_moderator(*, admin: Member, member: Member, category: Category) -> None:
    """Let `member` moderate `category` (admins appoint, in Django admin)."""
    if not permissions.is_admin(admin):
        raise PermissionDenied(_("Only admins appoint moderators."))
    with transaction.atomic():
        CategoryModerator.objects.get_or_create(member=member, category=category)
        Member.objects.filter(pk=member.pk).update(is_category_moderator=True)
        member.is_category_moderator = True


def remove_category_moderator(*, admin: Member, member: Member, category: Category) -> None:
    if not permissions.is_admin(admin):
        raise PermissionDenied(_("Only admins appoint moderators."))
    with transaction.atomic():
        CategoryModerator.objects.filter(member=member, category=category).delete()
        still = CategoryModerator.objects.filter(member=member).exists()
        Member.objects.filter(pk=member.pk).update(is_category_moderator=still)
        member.is_category_moderator = still
