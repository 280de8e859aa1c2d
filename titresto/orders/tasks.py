"""Orders' background work. Tasks take ids, call one service, and are idempotent."""

from celery import shared_task
from django.utils import timezone


@shared_task(acks_late=True)
def validate_import(*, import_id: int) -> None:
    """A large order file's validation; a redelivered task finds the import validated."""
    from titresto.orders.services.imports import import_validate

    import_validate(import_id=import_id, now=timezone.now())


@shared_task(acks_late=True)
def send_order_email(*, order_id: int, kind: str) -> None:
    """« À valider », « refusée », « payée »: sent once per step of the order's history."""
    from titresto.orders.notifications import order_email_send

    order_email_send(order_id=order_id, kind=kind, now=timezone.now())
