"""The simulated partners: on by default in `make run` and the demo (`FULFILMENT_SIMULATOR`),
they walk a paid order through manufacture, shipment, delivery and activation over a few
minutes, by sending the same signed events as the real partners to the same handler, so that
a newcomer sees an order progress without any partner anywhere.
"""

import json
import secrets
from datetime import datetime

from celery import shared_task
from django.utils import timezone

from titresto.core.signing import sign
from titresto.fulfilment.models import Carrier, Load, Parcel, Partner
from titresto.fulfilment.webhooks import partner_event_receive, partner_secret
from titresto.orders.models import Order

# (partner, event type, seconds after the previous step)
STEPS = [
    (Partner.MANUFACTURER, "order.in_manufacture", 20),
    (Partner.MANUFACTURER, "parcel.handed_over", 40),
    (Partner.CARRIER, "parcel.in_transit", 40),
    (Partner.CARRIER, "parcel.delivered", 60),
    (Partner.PROCESSOR, "cards.activated", 30),
]
SIMULATOR = "simulateur"
# Like the sandbox's test cards: the processor refuses the loads of people whose matricule
# starts with this, so that a newcomer sees a refusal on « Suivi » (README).
REFUSED_MATRICULE_PREFIX = "REFUS"


def simulated_event(partner: str, kind: str, data: dict[str, object]) -> tuple[bytes, str]:
    body = json.dumps({"id": f"sim_{secrets.token_hex(10)}", "type": kind, "data": data}).encode()
    return body, sign(body, partner_secret(partner))


def _send(partner: str, kind: str, data: dict[str, object], now: datetime) -> None:
    body, signature = simulated_event(partner, kind, data)
    partner_event_receive(partner=partner, body=body, signature=signature, now=now)


def tracking_number() -> str:
    """Colissimo's shape: two letters, eleven digits."""
    return "6A" + "".join(secrets.choice("0123456789") for _ in range(11))


NUMBERS_PER_EVENT = 1000


def _send_card_numbers(parcel: Parcel, now: datetime) -> None:
    """The made cards' last four digits, before the parcel leaves the factory."""
    card_ids = list(
        Parcel.cards.through.objects.filter(parcel=parcel)
        .order_by("card_id")
        .values_list("card_id", flat=True)
    )
    for start in range(0, len(card_ids), NUMBERS_PER_EVENT):
        cards = [
            {"card": card_id, "last_four": f"{secrets.randbelow(10_000):04d}"}
            for card_id in card_ids[start : start + NUMBERS_PER_EVENT]
        ]
        _send(
            Partner.MANUFACTURER,
            "cards.numbered",
            {"parcel": parcel.public_id, "cards": cards},
            now,
        )


def _send_refusals(order: Order, now: datetime) -> None:
    """Before the activation credits them, the processor refuses its test people's loads."""
    refused = list(
        Load.objects.filter(
            order=order,
            status=Load.Status.SCHEDULED,
            order_line__beneficiary__matricule__startswith=REFUSED_MATRICULE_PREFIX,
        ).values_list("pk", flat=True)
    )
    if refused:
        data: dict[str, object] = {
            "order": order.number,
            "loads": refused,
            "reason": "Carte non reconnue (simulation)",
        }
        _send(Partner.PROCESSOR, "loads.refused", data, now)


def simulate(*, order_id: int) -> None:
    simulate_step.apply_async(kwargs={"order_id": order_id, "step": 0}, countdown=STEPS[0][2])


@shared_task(acks_late=True)
def simulate_step(*, order_id: int, step: int) -> None:
    """One step for the whole order, then the next one later. A step the order is past (a
    redelivered task) is refused by the life cycles and changes nothing."""
    order = Order.objects.filter(pk=order_id).first()
    if order is None or step >= len(STEPS):
        return
    partner, kind, _delay = STEPS[step]
    now = timezone.now()
    if kind == "order.in_manufacture":
        _send(partner, kind, {"order": order.number}, now)
    if kind == "cards.activated":
        _send_refusals(order, now)
    for parcel in Parcel.objects.filter(order=order).order_by("id"):
        if kind == "parcel.handed_over":
            _send_card_numbers(parcel, now)
            data: dict[str, object] = {
                "parcel": parcel.public_id,
                "carrier": Carrier.COLISSIMO,
                "tracking_number": tracking_number(),
            }
            _send(partner, kind, data, now)
        elif kind != "order.in_manufacture":
            _send(partner, kind, {"parcel": parcel.public_id}, now)
    if step + 1 < len(STEPS):
        simulate_step.apply_async(
            kwargs={"order_id": order_id, "step": step + 1}, countdown=STEPS[step + 1][2]
        )
