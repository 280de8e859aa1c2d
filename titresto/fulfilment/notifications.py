"""The e-mails of an order's fulfilment: « commande expédiée » (each parcel with its tracking
link) when the order reaches « expédiée », and « cartes chargées » once every load is credited;
to the manager who ordered and the client's delivery contact.

Each is sent once per order (core's `run_once`), so a redelivered task sends nothing twice;
the « loaded » one checks its condition when it runs, after the crediting committed, so that
the last of several workers crediting one order's chunks is the one that sends it.
"""

from datetime import datetime

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Sum
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from titresto.clients.models import Contact
from titresto.core.idempotency import run_once
from titresto.fulfilment.models import Load, LoadCounts
from titresto.fulfilment.selectors import order_parcels
from titresto.orders.models import Order

SHIPPED = "shipped"
LOADED = "loaded"
# Loads the card processor refused: the manager learns it once per order.
REFUSED = "refused"
KINDS = (SHIPPED, LOADED, REFUSED)


def fulfilment_recipients(order: Order) -> list[str]:
    """The manager who ordered (while their account is active) and the delivery contact."""
    addresses = []
    if order.created_by is not None and order.created_by.is_active:
        addresses.append(order.created_by.email)
    contact = Contact.objects.filter(client_id=order.client_id, role=Contact.Role.DELIVERY).first()
    if contact is not None:
        addresses.append(contact.email)
    return sorted({address.lower(): address for address in addresses}.values())


def _loads_summary(order: Order) -> dict[str, int] | None:
    """The order's loads once none is left to credit (cancelled ones aside), else None; the
    counts row says it without reading the loads."""
    counts = LoadCounts.objects.filter(order=order).first()
    if counts is None or not counts.credited or counts.scheduled or counts.refused:
        return None
    amount = Load.objects.filter(
        order=order, client_id=order.client_id, status=Load.Status.CREDITED
    ).aggregate(amount=Sum("amount_cents", default=0))["amount"]
    return {"count": counts.credited, "amount_cents": amount}


def fulfilment_email_send(*, order_id: int, kind: str, now: datetime) -> bool:
    order = Order.objects.select_related("client", "created_by").filter(pk=order_id).first()
    if order is None or kind not in KINDS:
        return False
    context: dict[str, object] = {}
    if kind == SHIPPED:
        if order.status not in (Order.Status.SHIPPED, Order.Status.DELIVERED):
            return False
        context["parcels"] = order_parcels(order=order)
    elif kind == REFUSED:
        counts = LoadCounts.objects.filter(order=order).first()
        if counts is None or not counts.refused:
            return False
        context["refused"] = counts.refused
    else:
        loads = _loads_summary(order)
        if loads is None:
            return False
        context["loads"] = loads
    recipients = fulfilment_recipients(order)
    if not recipients:
        return False
    with run_once(task="fulfilment.email", key=f"{kind}:{order.pk}", now=now) as first:
        if not first:
            return False
        message = fulfilment_email_message(order=order, kind=kind, to=recipients, extra=context)
        transaction.on_commit(message.send)
    return True


def fulfilment_email_message(
    *, order: Order, kind: str, to: list[str], extra: dict[str, object]
) -> EmailMessage:
    context = {
        "issuer": settings.ISSUER,
        "order": order,
        "tracking_page_url": settings.SITE_URL
        + reverse("fulfilment:tracking", args=[order.public_id]),
        **extra,
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string(f"fulfilment/email/{kind}_subject.txt", context)
        body = render_to_string(f"fulfilment/email/{kind}.txt", context)
    return EmailMessage(subject=" ".join(subject.split()), body=body, to=to)


def fulfilment_email_later(*, order_id: int, kind: str) -> None:
    """Queues the e-mail once the current transaction commits (at once outside one)."""
    from titresto.fulfilment.tasks import send_fulfilment_email  # tasks import the services

    transaction.on_commit(lambda: send_fulfilment_email.delay(order_id=order_id, kind=kind))
