"""Small tables of counts behind the community page, kept by the worker (community.services).

The page reads only these: a day (or week) is one row per key, so the page costs the same
on a forum of 200 posts or 200,000.
"""

from django.db import models


class DailyJoinCount(models.Model):
    """Members who joined on `day`, by the region of their latest sign-in ("ZZ": unknown)."""

    day = models.DateField()
    region_code = models.CharField(max_length=2)
    count = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["day", "region_code"], name="one_join_count_per_key")
        ]

    def __str__(self):
        return f"{self.day} {self.region_code}: {self.count}"


class WeeklyPostCount(models.Model):
    """Posts written in the week starting on Monday `week`, by detected language ("" unknown)."""

    week = models.DateField()
    language = models.CharField(max_length=8, blank=True)
    count = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["week", "language"], name="one_post_count_per_key")
        ]

    def __str__(self):
        return f"{self.week} {self.language or '?'}: {self.count}"


class DailyWelcomeCount(models.Model):
    """Welcomes given to newcomers' introductions on `day`."""

    day = models.DateField(unique=True)
    count = models.PositiveIntegerField()

    def __str__(self):
        return f"{self.day}: {self.count}"


class DailyCrossRegionConversationCount(models.Model):
    """One-to-one conversations started on `day` between members of two different regions."""

    day = models.DateField(unique=True)
    count = models.PositiveIntegerField()

    def __str__(self):
        return f"{self.day}: {self.count}"


class AggregateRefresh(models.Model):
    """The latest refresh of the tables above: one row, so the page can say how fresh it is."""

    refreshed_at = models.DateTimeField()
    # The first day recomputed; None when everything was rebuilt.
    since = models.DateField(null=True, blank=True)
    took_ms = models.PositiveIntegerField()

    def __str__(self):
        return f"refreshed at {self.refreshed_at}"
