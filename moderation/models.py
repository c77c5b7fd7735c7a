"""Reports and what moderators did about them: cases, the audit log, category moderators,
watched words."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Reason(models.TextChoices):
    SPAM = "spam", _("Spam")
    HARASSMENT = "harassment", _("Harassment")
    HATE = "hate", _("Hate")
    SEXUAL = "sexual", _("Sexual content")
    MISINFORMATION = "misinformation", _("Misinformation")
    OFF_TOPIC = "off_topic", _("Off-topic")
    OTHER = "other", _("Other")


# How much one report for a reason weighs in the queue's order: harm to people first.
REASON_WEIGHT = {
    Reason.HATE: 5,
    Reason.HARASSMENT: 5,
    Reason.SEXUAL: 4,
    Reason.SPAM: 2,
    Reason.MISINFORMATION: 2,
    Reason.OTHER: 1,
    Reason.OFF_TOPIC: 1,
}


class Case(models.Model):
    """Everything reported about one target (a post, a chat message or a member), grouped.

    One open case per target: later reports join it. Once decided it stays as history, and a
    new report about the same target (from someone else) opens a new case.
    """

    class Kind(models.TextChoices):
        POST = "post", _("post")
        MESSAGE = "message", _("chat message")
        MEMBER = "member", _("profile")

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        DISMISSED = "dismissed", _("dismissed")
        ACTIONED = "actioned", _("action taken")

    kind = models.CharField(max_length=8, choices=Kind.choices)
    post = models.ForeignKey(
        "forum.Post", on_delete=models.CASCADE, null=True, blank=True, related_name="cases"
    )
    message = models.ForeignKey(
        "chat.Message", on_delete=models.CASCADE, null=True, blank=True, related_name="cases"
    )
    # Whose content (or profile) it is: the member whose history the moderator weighs.
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="cases_about"
    )
    # The post's category, so category moderators see their own cases (empty for others).
    category = models.ForeignKey(
        "forum.Category", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The reported content's language, so a moderator can see first what they read.
    language = models.CharField(max_length=8, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    report_count = models.PositiveIntegerField(default=0)
    urgency = models.PositiveIntegerField(default=0, db_index=True)
    opened_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    outcome = models.CharField(max_length=20, blank=True)  # the action that decided it

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["post"], condition=Q(status="open"), name="one_open_case_per_post"
            ),
            models.UniqueConstraint(
                fields=["message"], condition=Q(status="open"), name="one_open_case_per_message"
            ),
            models.UniqueConstraint(
                fields=["member"],
                condition=Q(status="open", kind="member"),
                name="one_open_case_per_profile",
            ),
        ]
        indexes = [models.Index(fields=["status", "-urgency", "opened_at"])]

    def __str__(self):
        return f"{self.kind} case {self.pk} ({self.status})"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class Report(models.Model):
    """One member's report. For a chat message the reporter chose what to share with
    moderators: the message, and the messages around it if they said so."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reports_filed"
    )
    reason = models.CharField(_("reason"), max_length=16, choices=Reason.choices)
    note = models.TextField(_("note"), max_length=1000, blank=True)
    note_html = models.TextField(blank=True, editable=False)
    note_language = models.CharField(max_length=8, blank=True, editable=False)
    shared_messages = models.ManyToManyField("chat.Message", blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(fields=["case", "reporter"], name="one_report_per_case")
        ]

    def __str__(self):
        return f"report {self.pk} on case {self.case_id}"

    @property
    def translation_element_id(self) -> str:
        return f"report-{self.pk}-note-translation"


class Action(models.TextChoices):
    DISMISS = "dismiss", _("Dismiss reports")
    HIDE = "hide", _("Hide")
    UNHIDE = "unhide", _("Show again")
    DELETE = "delete", _("Delete")
    EDIT = "edit", _("Edit")
    APPROVE = "approve", _("Approve")
    LOCK = "lock", _("Lock thread")
    UNLOCK = "unlock", _("Unlock thread")
    PIN = "pin", _("Pin thread")
    UNPIN = "unpin", _("Unpin thread")
    MOVE = "move", _("Move thread")
    WARN = "warn", _("Warn")
    SILENCE = "silence", _("Silence")
    SUSPEND = "suspend", _("Suspend")
    BAN = "ban", _("Ban")
    RESTORE = "restore", _("Lift restrictions")
    WATCHED_WORD = "watched_word", _("Change watched words")


class AuditEntry(models.Model):
    """One moderator action. Written in the same transaction as the action; never edited."""

    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="moderation_actions"
    )
    action = models.CharField(max_length=20, choices=Action.choices)
    # The member the action was about (the author of a post, the warned member), if any.
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    post = models.ForeignKey(
        "forum.Post", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    thread = models.ForeignKey(
        "forum.Thread", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    message = models.ForeignKey(
        "chat.Message", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    case = models.ForeignKey(
        Case, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # What the target was when acted on, readable after it is gone ("#12 in “Cats”", "@jess").
    target_label = models.CharField(max_length=200)
    reason = models.TextField(blank=True)
    details = models.JSONField(default=dict, blank=True)  # e.g. until, from/to category
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("audit log entry")
        verbose_name_plural = _("audit log")

    def __str__(self):
        return f"{self.moderator_id} {self.action} {self.target_label}"


class WatchedWord(models.Model):
    """A word or phrase staff watch for in posts and messages, in either language."""

    class Response(models.TextChoices):
        BLOCK = "block", _("Block the post")
        HOLD = "hold", _("Hold for review")
        REPLACE = "replace", _("Replace")

    word = models.CharField(_("word or phrase"), max_length=100)
    response = models.CharField(_("what happens"), max_length=8, choices=Response.choices)
    replacement = models.CharField(_("replace with"), max_length=100, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["word"]
        constraints = [
            models.UniqueConstraint(models.functions.Lower("word"), name="watched_word_ci_unique")
        ]
        verbose_name = _("watched word")
        verbose_name_plural = _("watched words")

    def __str__(self):
        return self.word
