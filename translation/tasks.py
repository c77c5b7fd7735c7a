from celery import shared_task
from celery.signals import worker_ready

from core.queueing import enqueue
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
        claim = f"{self.request.hostname}/{self.request.id}"
        services.translate_pending(translation_ids=translation_ids, claim=claim)
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
    """Give DeepL the community glossary as staff left it; retried while DeepL is away, and
    run periodically, so a sync DeepL refused is sent again until it takes it."""
    services.sync_glossary()


@shared_task(acks_late=True)
def record_deepl_usage() -> None:
    """Read DeepL's usage figure for the staff dashboard (periodic: pages never call DeepL)."""
    services.record_deepl_usage()


@worker_ready.connect
def resume_translations(sender, **kwargs) -> None:
    """Once the worker is up, pick up translations a killed worker left half made, and read
    DeepL's usage for the key it now has (a new key means a restart)."""
    services.resume_after_restart(worker=sender.hostname)
    enqueue(record_deepl_usage)
