"""The service clients' background work: tasks take ids, call one service, are idempotent."""

from celery import shared_task
from django.utils import timezone


@shared_task(acks_late=True)
def send_support_email(*, message_id: int) -> None:
    """A message of a thread, e-mailed to the other side, once."""
    from titresto.support.notifications import support_email_send

    support_email_send(message_id=message_id, now=timezone.now())
