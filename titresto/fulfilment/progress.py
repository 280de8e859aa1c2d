"""The order's status after payment, derived from its cards and parcels by a pure function
and applied under the order's lock: « payée » → « en fabrication » → « expédiée » → « livrée »,
never backwards, each step its own history row."""

from collections import Counter
from collections.abc import Mapping
from datetime import datetime

from django.db import transaction
from django.db.models import Count

from titresto.cards.models import Card
from titresto.core.states import Author
from titresto.fulfilment.models import Parcel
from titresto.fulfilment.notifications import SHIPPED, fulfilment_email_later
from titresto.orders import states
from titresto.orders.models import Order
from titresto.orders.services.orders import order_transition

Stage = Order.Status
STAGES: list[str] = [Stage.PAID, Stage.IN_MANUFACTURE, Stage.SHIPPED, Stage.DELIVERED]
STEP_INTO: dict[str, str] = {
    Stage.IN_MANUFACTURE: states.MANUFACTURE,
    Stage.SHIPPED: states.SHIP,
    Stage.DELIVERED: states.DELIVER,
}
ON_THE_WAY = {
    Parcel.Status.HANDED_OVER,
    Parcel.Status.IN_TRANSIT,
    Parcel.Status.DELIVERED,
    Parcel.Status.INCIDENT,
    Parcel.Status.RETURNED,
}


def stage_of(cards: Mapping[str, int], parcels: Mapping[str, int]) -> str:
    """Where an order with these cards and parcels (counts by status) stands. An order that
    makes no card stays « payée »: its loads say the rest."""
    if not parcels:
        return Stage.PAID
    if parcels.get(Parcel.Status.DELIVERED, 0) == sum(parcels.values()):
        return Stage.DELIVERED
    if any(parcels.get(status, 0) for status in ON_THE_WAY):
        return Stage.SHIPPED
    if any(count for status, count in cards.items() if status != Card.Status.ORDERED):
        return Stage.IN_MANUFACTURE
    return Stage.PAID


def order_follow(*, order_id: int, by: Author, now: datetime) -> Order:
    """Moves the order up to the stage its cards and parcels have reached; reaching
    « expédiée » e-mails the parcels' tracking links once committed."""
    with transaction.atomic():
        order = Order.objects.select_for_update().get(pk=order_id)
        if order.status not in STAGES:
            return order
        cards = Counter(
            dict(
                Card.objects.filter(order_lines__order=order)
                .values_list("status")
                .annotate(count=Count("id"))
                .values_list("status", "count")
            )
        )
        parcels = Counter(
            dict(
                Parcel.objects.filter(order=order)
                .values("status")
                .annotate(count=Count("id"))
                .values_list("status", "count")
            )
        )
        target = stage_of(cards, parcels)
        for stage in STAGES[STAGES.index(order.status) + 1 : STAGES.index(target) + 1]:
            order = order_transition(order, STEP_INTO[stage], by=by, now=now)
            if stage == Stage.SHIPPED:
                fulfilment_email_later(order_id=order.pk, kind=SHIPPED)
    return order
