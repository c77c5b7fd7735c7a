from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _


class Translation(models.Model):
    """One translation of one piece of sanitized HTML into one language, shared site-wide.

    Keyed by a hash of the source HTML: a thousand readers of a post cost one call, and an
    edited post (new HTML) gets a new translation. A unique constraint makes concurrent first
    clicks create one row, so one call.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")
        # Made before the community glossary changed a term it contains: made again on the
        # next request, shown meanwhile.
        OUTDATED = "outdated", _("outdated")

    source_hash = models.CharField(max_length=64)
    target_language = models.CharField(max_length=8)  # "en" or "zh-hans", as members choose
    source_html = models.TextField()
    source_language = models.CharField(max_length=8, blank=True)  # detected at save time
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.PENDING)
    html = models.TextField(blank=True)  # sanitized again after DeepL
    detected_source_language = models.CharField(max_length=8, blank=True)  # DeepL's view
    billed_characters = models.PositiveIntegerField(default=0)  # every time DeepL made it
    # How many times DeepL made it (again after a glossary change or a failure): the cache's
    # misses, for its hit rate. Hand-written rows stay at 0.
    made_by_deepl = models.PositiveIntegerField(default=0)
    failure = models.CharField(max_length=40, blank=True)  # for staff, never shown to members
    # Written by a person (the demo's, or a member's suggestion staff accepted), not by DeepL.
    by_hand = models.BooleanField(default=False)
    # Asked for only from private places (chat, reports' notes): nobody may open it by id to
    # suggest a better wording, which would show the text to a stranger. Public once any
    # public text asks for the same words.
    is_private = models.BooleanField(default=False)
    # Every reader's request for it, served from the cache or not (for the hit rate).
    requests = models.PositiveIntegerField(default=0)
    # Which task is making it ("<worker hostname>/<task id>") and since when, so that work
    # delivered twice is paid once (services.translate_pending, resume_after_restart).
    claimed_by = models.CharField(max_length=255, blank=True, editable=False)
    claimed_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["source_hash", "target_language"], name="one_translation_per_language"
            )
        ]

    def __str__(self):
        return f"{self.source_hash[:12]} → {self.target_language} ({self.status})"


class Reader(models.Model):
    """A member waiting for a translation, and the element on their page to fill."""

    translation = models.ForeignKey(Translation, on_delete=models.CASCADE, related_name="readers")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    element_id = models.CharField(max_length=60)
    # Where the element's "Try again" posts if the translation fails ("" where there is none).
    translate_url = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["translation", "member", "element_id"], name="one_wait_per_element"
            )
        ]

    def __str__(self):
        return f"{self.member_id} waits for {self.translation_id}"


class Suggestion(models.Model):
    """A reader's better translation of a text; bilingual members vote, staff accept one."""

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        ACCEPTED = "accepted", _("accepted")
        DECLINED = "declined", _("declined")

    translation = models.ForeignKey(
        Translation, on_delete=models.CASCADE, related_name="suggestions"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="translation_suggestions"
    )
    body = models.TextField()  # as the member typed it (Markdown)
    html = models.TextField()  # rendered and sanitized
    # The page it was suggested on, so reviewers can read the text in its place.
    content_url = models.CharField(max_length=300, blank=True)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.OPEN)
    votes = models.PositiveIntegerField(default=0)  # kept equal to the SuggestionVote rows
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["translation", "author"],
                condition=models.Q(status="open"),
                name="one_open_suggestion_per_author",
            )
        ]
        indexes = [
            models.Index(fields=["status", "-votes", "-created_at"], name="suggestion_queue")
        ]

    def __str__(self):
        return f"suggestion {self.pk} for {self.translation_id} ({self.status})"


class SuggestionVote(models.Model):
    suggestion = models.ForeignKey(Suggestion, on_delete=models.CASCADE, related_name="+")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["suggestion", "member"], name="one_vote_per_member")
        ]

    def __str__(self):
        return f"{self.member_id} votes for {self.suggestion_id}"


class GlossaryEntry(models.Model):
    """One of the community's own terms and its fixed translation (Rednote ↔ 小红书)."""

    english = models.CharField(_("English"), max_length=100)
    chinese = models.CharField(_("Chinese"), max_length=100)
    note = models.CharField(_("note"), max_length=200, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = [Lower("english")]
        constraints = [
            models.UniqueConstraint(Lower("english"), name="one_entry_per_english_term"),
            models.UniqueConstraint("chinese", name="one_entry_per_chinese_term"),
        ]
        verbose_name_plural = "glossary entries"

    def __str__(self):
        return f"{self.english} ↔ {self.chinese}"


class GlossarySync(models.Model):
    """The glossary as DeepL has it: one glossary per direction, made from one version.

    A single row. `version` counts staff changes; `synced_version` is the one DeepL holds.
    `synced_entries` is what that version contained, so the next sync knows which terms
    changed and which cached translations they touch.
    """

    version = models.PositiveIntegerField(default=0)
    synced_version = models.PositiveIntegerField(default=0)
    synced_entries = models.JSONField(default=list, blank=True)
    english_to_chinese_id = models.CharField(max_length=64, blank=True)
    chinese_to_english_id = models.CharField(max_length=64, blank=True)
    synced_at = models.DateTimeField(null=True, blank=True)
    failure = models.CharField(max_length=80, blank=True)  # for staff
    # Set while a worker syncs: a second sync finds it taken and leaves the work to it. It
    # expires, so a worker killed mid-sync does not block the next.
    syncing_until = models.DateTimeField(null=True, blank=True, editable=False)

    def __str__(self):
        return f"glossary v{self.version} (DeepL has v{self.synced_version})"


class UsageReading(models.Model):
    """DeepL's count of characters billed this period, as a worker last read it.

    One row per API key (by a digest of it, never the key): after the key changes, the old
    key's figure is not shown as the new one's. Pages read this row; only workers call DeepL.
    """

    key_digest = models.CharField(max_length=64, unique=True)
    characters = models.PositiveBigIntegerField()
    limit = models.PositiveBigIntegerField(null=True)
    read_at = models.DateTimeField()

    def __str__(self):
        return f"{self.characters} / {self.limit} at {self.read_at:%Y-%m-%d %H:%M}"
