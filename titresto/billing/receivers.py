"""A paid order is invoiced once its payment has committed (`orders.signals.order_paid`)."""

from typing import Any

from django.dispatch import receiver

from titresto.orders.signals import order_awaits_transfer, order_paid


@receiver(order_paid)
def invoice_after_payment(sender: Any, order_id: int, **_kwargs: Any) -> None:
    from titresto.billing.tasks import issue_invoices

    issue_invoices.delay(order_id=order_id)


@receiver(order_awaits_transfer)
def proforma_for_transfer(sender: Any, order_id: int, **_kwargs: Any) -> None:
    from titresto.billing.tasks import issue_proforma

    issue_proforma.delay(order_id=order_id)
