"""A paid order is invoiced once its payment has committed (`orders.signals.order_paid`)."""

from typing import Any

from django.dispatch import receiver

from titresto.orders.signals import order_paid


@receiver(order_paid)
def invoice_after_payment(sender: Any, order_id: int, **_kwargs: Any) -> None:
    from titresto.billing.tasks import issue_invoices

    issue_invoices.delay(order_id=order_id)
