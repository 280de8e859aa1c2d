"""The partners' events: the card manufacturer, the carrier and the card processor POST
signed JSON (`core.signing`: HMAC-SHA256 over "<timestamp>.<raw body>", 5 minutes'
tolerance, one secret per partner in settings) to /partenaires/<partner>/evenements/.

A signed event is stored first, under the partner's own id (a replay changes nothing), then
applied; one that would break a life cycle (« livré » before « remis au transporteur ») is
kept with the reason and shown to the issuer's staff in the back-office.
"""

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction

from titresto.core.signing import signature_is_valid
from titresto.core.states import TransitionRefused
from titresto.fulfilment.loads import loads_refuse
from titresto.fulfilment.models import Carrier, Parcel, Partner, PartnerEvent
from titresto.fulfilment.services import (
    order_cards_in_manufacture,
    parcel_cards_activate,
    parcel_cards_number,
    parcel_hand_over,
    parcel_move,
)
from titresto.orders.models import Order

log = logging.getLogger(__name__)
SIGNATURE_HEADER = "Titresto-Signature"
CARRIER_STEPS = {
    "parcel.in_transit": Parcel.Status.IN_TRANSIT,
    "parcel.delivered": Parcel.Status.DELIVERED,
    "parcel.incident": Parcel.Status.INCIDENT,
    "parcel.returned": Parcel.Status.RETURNED,
}
KINDS: dict[str, set[str]] = {
    Partner.MANUFACTURER: {"order.in_manufacture", "cards.numbered", "parcel.handed_over"},
    Partner.CARRIER: set(CARRIER_STEPS),
    Partner.PROCESSOR: {"cards.activated", "loads.refused"},
}

# Events that apps above fulfilment handle (statistics: the processor's transactions), added
# by their AppConfig.ready(); a handler takes (data, now=) and returns the outcome, raising
# ValueError for bad data. Fulfilment may not import them, so they come to it.
Handler = Callable[..., str]
HANDLERS: dict[tuple[str, str], Handler] = {}


def partner_event_handler_add(partner: str, kind: str, handler: Handler) -> None:
    HANDLERS[(partner, kind)] = handler


@dataclass(frozen=True)
class Answer:
    status: int  # the HTTP status the endpoint answers
    outcome: str


class Unknown(Exception):
    """The event names an order or a parcel that does not exist."""


def partner_secret(partner: str) -> str:
    return settings.PARTNER_WEBHOOK_SECRETS.get(partner, "")


def partner_event_receive(*, partner: str, body: bytes, signature: str, now: datetime) -> Answer:
    secret = partner_secret(partner)
    if not secret or not signature_is_valid(body, signature, secret):
        return Answer(403, "bad signature or timestamp")
    try:
        event = json.loads(body)
        event_id, kind, data = str(event["id"])[:100], str(event["type"]), dict(event["data"])
    except (ValueError, KeyError, TypeError):
        return Answer(400, "not an event")
    if kind not in KINDS.get(partner, set()) and (partner, kind) not in HANDLERS:
        return Answer(400, f"unknown event type {kind!r} for {partner}")
    try:
        with transaction.atomic():
            stored = PartnerEvent.objects.create(
                partner=partner, event_id=event_id, kind=kind, body=event, received_at=now
            )
    except IntegrityError:
        return Answer(200, "replayed")
    answer = _apply_stored(stored, partner, kind, data, now=now)
    PartnerEvent.objects.filter(pk=stored.pk).update(
        applied=answer.status == 200, outcome=answer.outcome[:300]
    )
    if answer.status != 200:
        log.warning("partner event %s %s refused: %s", partner, event_id, answer.outcome)
    return answer


def _apply_stored(
    stored: PartnerEvent, partner: str, kind: str, data: dict[str, Any], *, now: datetime
) -> Answer:
    label = str(Partner(partner).label)
    try:
        with transaction.atomic():
            handler = HANDLERS.get((partner, kind))
            if handler is not None:
                outcome = handler(data, now=now)
            else:
                outcome = _apply(kind, data, by=label, now=now)
    except Unknown as error:
        return Answer(404, str(error))
    except TransitionRefused as error:
        return Answer(409, f"refused: {error}")
    except (KeyError, TypeError, ValueError) as error:
        return Answer(400, f"bad data: {error}")
    return Answer(200, outcome)


def _parcel(data: dict[str, Any]) -> Parcel:
    if "parcel" in data:
        parcel = Parcel.objects.filter(public_id=str(data["parcel"])[:20]).first()
    else:
        parcel = Parcel.objects.filter(
            carrier=str(data["carrier"]), tracking_number=str(data["tracking_number"])[:40]
        ).first()
    if parcel is None:
        raise Unknown("unknown parcel")
    return parcel


def _order(data: dict[str, Any]) -> Order:
    order = Order.objects.filter(number=str(data["order"])[:20]).first()
    if order is None:
        raise Unknown("unknown order")
    return order


def _apply(kind: str, data: dict[str, Any], *, by: str, now: datetime) -> str:
    if kind == "order.in_manufacture":
        moved = order_cards_in_manufacture(order=_order(data), by=by, now=now)
        return f"{moved} cards in manufacture"
    if kind == "loads.refused":
        # {order, reason, loads: [our load ids]} (no loads: every one still scheduled)
        load_ids = None if data.get("loads") is None else [int(pk) for pk in data["loads"]]
        refused = loads_refuse(
            order=_order(data),
            load_ids=load_ids,
            reason=str(data.get("reason", "")),
            by=by,
            now=now,
        )
        return f"{refused} loads refused"
    parcel = _parcel(data)
    if kind == "parcel.handed_over":
        carrier = str(data["carrier"])
        if carrier not in Carrier.values:
            raise ValueError(f"unknown carrier {carrier!r}")
        parcel_hand_over(
            parcel=parcel,
            carrier=carrier,
            tracking_number=str(data["tracking_number"])[:40],
            by=by,
            now=now,
        )
        return "parcel handed over"
    if kind == "cards.numbered":
        numbers = {int(row["card"]): str(row["last_four"]) for row in data["cards"]}
        return f"{parcel_cards_number(parcel=parcel, numbers=numbers)} cards numbered"
    if kind == "cards.activated":
        return f"{parcel_cards_activate(parcel=parcel, by=by, now=now)} cards activated"
    parcel_move(
        parcel=parcel,
        status=CARRIER_STEPS[kind],
        by=by,
        now=now,
        reason=str(data.get("reason", ""))[:300],
    )
    return f"parcel {CARRIER_STEPS[kind]}"
