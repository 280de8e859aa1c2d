"""The e-mails an order's steps send: to the client's administrators when an order awaits
their approval, to its preparer when it is rejected or paid.

Each is sent once per step (core's `run_once`, keyed by the history row that caused it), so a
redelivered task sends nothing twice; the text is French, like every mail of the issuer.
"""

from collections.abc import Callable
from datetime import datetime

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from titresto.accounts.models import Membership
from titresto.core.capabilities import Capability
from titresto.core.idempotency import run_once
from titresto.orders import states
from titresto.orders.models import Order, OrderEvent

EVENT_OF_KIND = {
    "approval_requested": states.SUBMIT_FOR_APPROVAL,
    "rejected": states.REJECT,
    "paid": states.PAY,
}


def _approvers(order: Order) -> list[str]:
    memberships = Membership.objects.filter(
        client_id=order.client_id, is_active=True, user__is_active=True
    ).select_related("user", "custom_profile")
    return sorted(
        {
            membership.user.email
            for membership in memberships
            if Capability.ORDERS_APPROVE in membership.capabilities
        }
    )


def _preparer(order: Order) -> list[str]:
    return [order.created_by.email] if order.created_by and order.created_by.is_active else []


RECIPIENTS: dict[str, Callable[[Order], list[str]]] = {
    "approval_requested": _approvers,
    "rejected": _preparer,
    "paid": _preparer,
}


def order_email_send(*, order_id: int, kind: str, now: datetime) -> bool:
    order = Order.objects.select_related("client", "created_by").filter(pk=order_id).first()
    if order is None or kind not in EVENT_OF_KIND:
        return False
    event = (
        OrderEvent.objects.filter(order=order, event=EVENT_OF_KIND[kind]).order_by("-id").first()
    )
    recipients = RECIPIENTS[kind](order)
    if event is None or not recipients:
        return False
    with run_once(task="orders.email", key=f"{kind}:{event.pk}", now=now) as first:
        if not first:
            return False
        message = order_email_message(order=order, event=event, kind=kind, to=recipients)
        transaction.on_commit(message.send)
    return True


def order_email_message(
    *, order: Order, event: OrderEvent, kind: str, to: list[str]
) -> EmailMessage:
    context = {
        "issuer": settings.ISSUER,
        "order": order,
        "event": event,
        "order_url": settings.SITE_URL + reverse("orders:detail", args=[order.public_id]),
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string(f"orders/email/{kind}_subject.txt", context)
        body = render_to_string(f"orders/email/{kind}.txt", context)
    return EmailMessage(subject=" ".join(subject.split()), body=body, to=to)
