"""Fulfilment starts once an order's payment has committed (`orders.signals.order_paid`)."""

from typing import Any

from django.dispatch import receiver

from titresto.orders.signals import order_paid


@receiver(order_paid)
def start_after_payment(sender: Any, order_id: int, **_kwargs: Any) -> None:
    from titresto.fulfilment.tasks import start_fulfilment

    start_fulfilment.delay(order_id=order_id)
