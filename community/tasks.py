from celery import shared_task
from celery.signals import worker_ready

from community import services


@shared_task(acks_late=True)
def refresh_community_stats() -> None:
    """Recompute the community page's recent counts (all of them on the first run).

    Safe to run twice or at once with another: each run writes the same counts.
    """
    services.refresh_aggregates()


@worker_ready.connect
def refresh_at_start(sender, **kwargs) -> None:
    """A worker that starts (a deployment, `make run`) asks for the counts at once, so the
    community page of a site with data has figures before its first visitor comes."""
    services.request_refresh()
