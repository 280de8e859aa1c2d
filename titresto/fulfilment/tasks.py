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


CHUNK = 500


@shared_task(acks_late=True)
def credit_due_loads() -> None:
    """Every few minutes (beat): the loads whose day has come, on active cards, in chunks that
    any number of workers credit side by side."""
    from titresto.fulfilment.loads import loads_due

    ids = list(loads_due(now=timezone.now()).order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), CHUNK):
        credit_loads.delay(load_ids=ids[start : start + CHUNK])


@shared_task(acks_late=True)
def credit_loads(*, load_ids: list[int]) -> None:
    from titresto.fulfilment.loads import loads_credit

    loads_credit(load_ids=load_ids, now=timezone.now())


@shared_task(acks_late=True)
def start_missed_fulfilments() -> None:
    """Beat's safety net: a paid order whose start message was lost still starts."""
    from titresto.fulfilment.services import fulfilment_start_missed

    fulfilment_start_missed(now=timezone.now())


@shared_task(acks_late=True)
def send_fulfilment_email(*, order_id: int, kind: str) -> None:
    """« Expédiée », « cartes chargées »: each sent once per order."""
    from titresto.fulfilment.notifications import fulfilment_email_send

    fulfilment_email_send(order_id=order_id, kind=kind, now=timezone.now())
