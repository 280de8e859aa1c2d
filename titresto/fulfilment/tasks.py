"""Fulfilment's background work: tasks take ids, call one service, and are idempotent."""

from celery import shared_task
from django.conf import settings
from django.utils import timezone


@shared_task(acks_late=True)
def start_fulfilment(*, order_id: int) -> None:
    from titresto.fulfilment.services import fulfilment_start

    started = fulfilment_start(order_id=order_id, now=timezone.now())
    if started and settings.FULFILMENT_SIMULATOR:
        from titresto.fulfilment.simulator import simulate

        simulate(order_id=order_id)


@shared_task(acks_late=True)
def credit_due_loads() -> None:
    """Every few minutes (beat): the loads whose day has come, on active cards."""
    from titresto.fulfilment.services import loads_credit_due

    loads_credit_due(now=timezone.now())


@shared_task(acks_late=True)
def start_missed_fulfilments() -> None:
    """Beat's safety net: a paid order whose start message was lost still starts."""
    from titresto.fulfilment.services import fulfilment_start_missed

    fulfilment_start_missed(now=timezone.now())
