"""Reports: a member reports a post, a chat message or a profile; reports form cases."""

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from accounts.models import Member
from chat import services as chat_services
from chat.models import Message
from chat.selectors import participation
from core.markup import render_markdown
from core.ratelimits import within_limit
from forum.models import Post
from moderation import permissions
from moderation.models import REASON_WEIGHT, Case, Reason, Report
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
    try:
        with transaction.atomic():
            report = _add_report(target, reporter, reason, note, note_html, note_language)
            if target.message is not None:
                shared = _messages_around(target.message) if share_context else [target.message]
                report.shared_messages.set(shared)
            if also_block:
                # "Block and report": one decision, one transaction.
                chat_services.block_member(blocker=reporter, blocked=target.member)
    except IntegrityError:  # a double submit: the first one stands
        raise ValidationError(_("You have already reported this."), code="duplicate") from None
    return report


def _add_report(target, reporter, reason, note, note_html, note_language) -> Report:
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
            report_count=F("report_count") + 1, urgency=F("urgency") + REASON_WEIGHT[reason]
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
