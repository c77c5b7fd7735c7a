from celery import shared_task

from translation import services
from translation.exceptions import RetryLater


@shared_task(
    bind=True,
    autoretry_for=(RetryLater,),
    retry_backoff=2,
    retry_backoff_max=60,
    retry_jitter=True,
    max_retries=5,
    acks_late=True,
)
def translate_contents(self, translation_ids: list[int]) -> None:
    """Make pending translations; retried with backoff while DeepL is busy or away."""
    try:
        services.translate_pending(translation_ids=translation_ids)
    except RetryLater as error:
        if self.request.retries >= self.max_retries:
            services.give_up(translation_ids=translation_ids, reason=str(error))
            return
        raise


@shared_task(
    autoretry_for=(RetryLater,),
    retry_backoff=2,
    retry_backoff_max=120,
    retry_jitter=True,
    max_retries=8,
    acks_late=True,
)
def sync_glossary() -> None:
    """Give DeepL the community glossary as staff left it; retried while DeepL is away."""
    services.sync_glossary()
