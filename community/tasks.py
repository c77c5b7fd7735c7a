from celery import shared_task

from community import services


@shared_task(acks_late=True)
def refresh_community_stats() -> None:
    """Recompute the community page's recent counts (all of them on the first run).

    Safe to run twice or at once with another: each run writes the same counts.
    """
    services.refresh_aggregates()
