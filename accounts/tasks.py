from smtplib import SMTPException

from celery import shared_task
from django.core.mail import EmailMultiAlternatives


@shared_task(
    autoretry_for=(OSError, SMTPException),
    retry_backoff=10,
    # Under Redis's visibility timeout (300 s): a longer countdown is handed to a second
    # worker while the first still waits, and the email goes out twice.
    retry_backoff_max=240,
    max_retries=8,
    acks_late=True,
)
def deliver_email(
    *,
    subject: str,
    body: str,
    html: str | None,
    from_email: str,
    to: list[str],
    headers: dict[str, str] | None = None,
) -> None:
    """Send one email (confirmation, password reset, what a member missed). Retried while the
    mail server is away."""
    message = EmailMultiAlternatives(subject, body, from_email, to, headers=headers)
    if html:
        message.attach_alternative(html, "text/html")
    message.send()
