"""Payable orders, and provider events signed as the sandbox and Stripe sign them."""

import json
import time

from django.utils import timezone

from titresto.core.actors import Actor
from titresto.core.signing import sign
from titresto.orders.models import Order
from titresto.orders.services.orders import order_submit
from titresto.orders.tests.order_helpers import draft_with

STRIPE_TEST_SECRET = "whsec_test_titresto"


def payable(actor: Actor, count: int = 2) -> Order:
    return order_submit(actor=actor, order=draft_with(actor, count=count), now=timezone.now())


def sandbox_body(reference: str, amount_cents: int, kind: str, event_id: str) -> bytes:
    data = {"reference": reference, "amount_cents": amount_cents, "reason": ""}
    return json.dumps({"id": event_id, "type": kind, "created": 0, "data": data}).encode()


def stripe_body(
    session_id: str, amount_cents: int, kind: str, event_id: str, payment_status: str = "paid"
) -> bytes:
    session = {
        "id": session_id,
        "object": "checkout.session",
        "amount_total": amount_cents,
        "payment_status": payment_status,
        "status": "complete" if kind.endswith("completed") else "expired",
    }
    event = {
        "id": event_id,
        "object": "event",
        "type": kind,
        "created": int(time.time()),
        "data": {"object": session},
    }
    return json.dumps(event).encode()


def stripe_signature(body: bytes, secret: str = STRIPE_TEST_SECRET, at: int | None = None) -> str:
    """Stripe's scheme (`t=…,v1=HMAC-SHA256("<t>.<body>")`), which the sandbox's copies."""
    return sign(body, secret, at=at)
