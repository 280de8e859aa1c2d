from django.http import Http404

from titresto.core.actors import Actor
from titresto.orders.models import Order, OrderImport, PaymentAttempt


def access_order(*, actor: Actor, public_id: str) -> Order:
    """The actor's client's order, or 404 — the same answer for « missing » and « not yours »."""
    order = Order.objects.filter(client=actor.client, public_id=public_id).first()
    if order is None:
        raise Http404
    return order


def access_import(*, actor: Actor, public_id: str) -> OrderImport:
    order_import = OrderImport.objects.filter(client=actor.client, public_id=public_id).first()
    if order_import is None:
        raise Http404
    return order_import


def access_attempt(*, order: Order, public_id: str) -> PaymentAttempt:
    """One of the order's payment attempts (the order already checked as the actor's)."""
    attempt = PaymentAttempt.objects.filter(
        order=order, client_id=order.client_id, public_id=public_id
    ).first()
    if attempt is None:
        raise Http404
    return attempt
