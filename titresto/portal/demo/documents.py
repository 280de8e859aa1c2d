"""SONACS's accounting documents: every paid order's two invoices, a credit note (a card of the
order whose parcel is in incident, not delivered), the pro-forma of the renewal awaiting its
transfer, and this month's statement. Idempotent: each service issues its document once."""

import datetime as dt

from django.utils import timezone

from titresto.billing.models import Document
from titresto.billing.services import (
    credit_note_issue,
    invoices_issue,
    proforma_issue,
    statement_issue,
)
from titresto.clients.models import Client
from titresto.orders.models import PAID_STATUSES, Order
from titresto.orders.terms import OrderTerms


def seed_documents(*, client: Client, now: dt.datetime) -> None:
    paid = Order.objects.filter(client=client, status__in=PAID_STATUSES).order_by("paid_at", "pk")
    for order in paid:
        invoices_issue(order_id=order.pk, now=now)
    shipped = paid.filter(status=Order.Status.SHIPPED).first()
    has_credit_note = Document.objects.filter(client=client, kind=Document.Kind.CREDIT_NOTE)
    if shipped is not None and not has_credit_note.exists():
        card_fee = OrderTerms.from_json(shipped.terms).pricing.card_fee_cents
        credit_note_issue(
            order=shipped,
            kind=Document.Kind.FEES_INVOICE,
            amount_cents=card_fee,
            reason="Carte non livrée : colis en incident chez le transporteur, carte refaite sans frais",
            by=None,
            now=now,
            label="Frais de fabrication d'une carte non livrée",
        )
    for order in Order.objects.filter(
        client=client,
        status=Order.Status.AWAITING_PAYMENT,
        payment_method=Order.PaymentMethod.TRANSFER,
    ):
        proforma_issue(order_id=order.pk, now=now)
    statement_issue(client_id=client.pk, month=timezone.localdate(now), now=now)
