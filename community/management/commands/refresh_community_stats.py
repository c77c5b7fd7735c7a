"""Refresh the community page's counts now, without waiting for a visitor to ask for it."""

from django.core.management.base import BaseCommand, CommandError

from community import services


class Command(BaseCommand):
    help = (
        "Recompute the community page's counts of the last days (--days), or of every day "
        "(--full). The page itself asks the worker for a refresh at most every few minutes; "
        "run this from cron to keep them fresh without visitors, or after a bulk import."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=services.RECENT_DAYS,
            help="how many days back to recompute, today included (default: %(default)s)",
        )
        parser.add_argument("--full", action="store_true", help="rebuild every day's counts")

    def handle(self, *args, days, full, **options):
        if days < 1:
            raise CommandError("--days must be at least 1.")
        refresh = services.refresh_aggregates(days=None if full else days)
        since = refresh.since.isoformat() if refresh.since else "the first day"
        self.stdout.write(f"Community counts recomputed from {since} in {refresh.took_ms} ms.")
