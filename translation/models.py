from django.conf import settings
from django.db import models
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

    source_hash = models.CharField(max_length=64)
    target_language = models.CharField(max_length=8)  # "en" or "zh-hans", as members choose
    source_html = models.TextField()
    source_language = models.CharField(max_length=8, blank=True)  # detected at save time
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.PENDING)
    html = models.TextField(blank=True)  # sanitized again after DeepL
    detected_source_language = models.CharField(max_length=8, blank=True)  # DeepL's view
    billed_characters = models.PositiveIntegerField(default=0)
    failure = models.CharField(max_length=40, blank=True)  # for staff, never shown to members
    # Written by a person (the demo's), not by DeepL.
    by_hand = models.BooleanField(default=False)
    # Every reader's request for it, served from the cache or not (for the hit rate).
    requests = models.PositiveIntegerField(default=0)
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
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["translation", "member", "element_id"], name="one_wait_per_element"
            )
        ]

    def __str__(self):
        return f"{self.member_id} waits for {self.translation_id}"
