"""Fulfilment's writes: starting a paid order (its cards, parcels and loads), the partners'
steps on cards and parcels, and crediting the loads that are due. Each moves statuses only
through core's transitions and ends by `progress.order_follow`."""

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime

from django.db import transaction
from django.db.models import CharField, Exists, OuterRef, Subquery
from django.db.models.functions import Cast
from django.utils import timezone

from titresto.cards.models import Card, CardAction, ReplacementReason
from titresto.cards.states import CARD_TABLE
from titresto.core.bulk import insert_rows
from titresto.core.idempotency import run_once
from titresto.core.models import TaskRun
from titresto.core.states import Author, transition_many
from titresto.fulfilment.loads import load_counts_start, loads_credit_due
from titresto.fulfilment.models import Load, Parcel
from titresto.fulfilment.progress import order_follow
from titresto.fulfilment.states import PARCEL_TABLE
from titresto.orders.models import Order, OrderLine

BATCH = 5000
SYSTEM = "Titresto"
# A card is valid three years, to the end of its month (DOMAIN « Cards »).
CARD_YEARS = 3


def card_expiry(today: dt.date) -> dt.date:
    year, month = today.year + CARD_YEARS, today.month
    following = dt.date(year + (month == 12), month % 12 + 1, 1)
    return following - dt.timedelta(days=1)


def _destination_key(line: OrderLine) -> str:
    if line.delivery_point_id is not None:
        return f"point:{line.delivery_point_id}"
    return f"home:{line.beneficiary_id}"


def _parcel_for(order: Order, line: OrderLine, now: datetime) -> Parcel:
    point = line.delivery_point
    if point is not None:
        return Parcel(
            client_id=order.client_id,
            order=order,
            destination_key=_destination_key(line),
            delivery_point=point,
            recipient=f"{point.name} · {point.contact_name}",
            address_line1=point.address_line1,
            address_line2=point.address_line2,
            postcode=point.postcode,
            city=point.city,
            created_at=now,
        )
    return Parcel(
        client_id=order.client_id,
        order=order,
        destination_key=_destination_key(line),
        recipient=line.beneficiary.full_name,
        address_line1=line.home_address_line1,
        address_line2=line.home_address_line2,
        postcode=line.home_postcode,
        city=line.home_city,
        created_at=now,
    )


def _retire_replaced(
    order: Order, replacing: Sequence[tuple[int, int, int | None, str]], now: datetime
) -> None:
    """A replacement: the card it replaces leaves first (lost or stolen → opposition, damaged →
    replaced), so that the beneficiary never holds two live cards. Rows: line, beneficiary,
    delivery point, reason."""
    for reason, target in (
        (ReplacementReason.LOST, Card.Status.BLOCKED),
        (ReplacementReason.STOLEN, Card.Status.BLOCKED),
        (ReplacementReason.DAMAGED, Card.Status.REPLACED),
    ):
        holders = [row[1] for row in replacing if row[3] == reason]
        if holders:
            transition_many(
                Card.objects.filter(
                    client_id=order.client_id,
                    beneficiary_id__in=holders,
                    status__in=Card.LIVE_STATUSES,
                ),
                target,
                table=CARD_TABLE,
                by=SYSTEM,
                now=now,
                reason=str(ReplacementReason(reason).label),
            )


def fulfilment_start(*, order_id: int, now: datetime) -> bool:
    """A paid order's cards (ORDERED), its parcels (one per destination, the cards inside) and
    its loads (one per line with titres), written once: a repeated start does nothing.

    Set-based, for 100 000 lines: the cards, the parcels' contents and the loads are inserted
    from plain tuples (`core.bulk.insert_rows`), and each line learns its card by one UPDATE.
    """
    with run_once(task="fulfilment.start", key=str(order_id), now=now) as first:
        if not first:
            return False
        order = Order.objects.select_for_update().get(pk=order_id)
        if not order.is_paid:
            raise ValueError(f"order {order.number} is not paid")
        lines = OrderLine.objects.filter(order=order, client_id=order.client_id)
        making = list(
            lines.exclude(card_action=CardAction.NONE)
            .order_by("position")
            .values_list("pk", "beneficiary_id", "delivery_point_id", "replacement_reason")
            .iterator(chunk_size=10_000)
        )
        _retire_replaced(order, [row for row in making if row[3]], now)
        holders = set(
            Card.objects.filter(
                client_id=order.client_id,
                status__in=Card.LIVE_STATUSES,
                beneficiary__order_lines__order=order,
            ).values_list("beneficiary_id", flat=True)
        )
        # Someone who got a card from another order meanwhile gets no second one.
        made = [row for row in making if row[1] not in holders]
        insert_rows(
            Card,
            ["client_id", "beneficiary_id", "replacement_reason", "created_at"],
            ((order.client_id, row[1], row[3], now) for row in made),
        )
        live_card = Card.objects.filter(
            beneficiary_id=OuterRef("beneficiary_id"), status__in=Card.LIVE_STATUSES
        ).values("pk")[:1]
        lines.update(card_id=Subquery(live_card))
        _parcels_write(order, made, now)
        _stranded_loads_follow(order)
        due_on = order.load_date or timezone.localdate(order.paid_at or now)
        insert_rows(
            Load,
            ["client_id", "order_id", "order_line_id", "card_id", "amount_cents", "due_on"],
            (
                (order.client_id, order.pk, pk, card_id, titres * face_value, due_on)
                for pk, card_id, titres, face_value in lines.filter(titres__gt=0)
                .values_list("pk", "card_id", "titres", "face_value_cents")
                .iterator(chunk_size=10_000)
            ),
        )
        load_counts_start(order)
        # A monthly reload onto cards already active is credited at once when its day has come.
        loads_credit_due(now=now, order_id=order.pk)
    return True


FINAL_CARD_STATUSES = (Card.Status.BLOCKED, Card.Status.REPLACED, Card.Status.EXPIRED)


def _stranded_loads_follow(order: Order) -> None:
    """Loads still scheduled on a card that was stopped (an opposition, a replacement) move to
    the card this order makes for the same person, so they are credited once it is active."""
    stranded = list(
        Load.objects.filter(
            client_id=order.client_id,
            status=Load.Status.SCHEDULED,
            card__status__in=FINAL_CARD_STATUSES,
            card__beneficiary__order_lines__order=order,
        )
        .values_list("pk", "card__beneficiary_id")
        .distinct()
    )
    if not stranded:
        return
    new_cards = dict(
        Card.objects.filter(
            client_id=order.client_id,
            status=Card.Status.ORDERED,
            beneficiary_id__in={person for _pk, person in stranded},
        ).values_list("beneficiary_id", "pk")
    )
    for load_id, person in stranded:
        if person in new_cards:
            Load.objects.filter(pk=load_id).update(card_id=new_cards[person])


def _parcels_write(
    order: Order, made: Sequence[tuple[int, int, int | None, str]], now: datetime
) -> None:
    """One parcel per destination, holding the cards this order made (rows of `made`: line,
    beneficiary, delivery point, reason)."""
    by_destination: dict[str, list[int]] = defaultdict(list)
    first_line: dict[str, int] = {}
    for line_id, beneficiary_id, point_id, _reason in made:
        key = f"point:{point_id}" if point_id is not None else f"home:{beneficiary_id}"
        by_destination[key].append(beneficiary_id)
        first_line.setdefault(key, line_id)
    firsts: dict[int, OrderLine] = {}
    ids = list(first_line.values())
    for start in range(0, len(ids), 2000):
        firsts.update(
            OrderLine.objects.filter(pk__in=ids[start : start + 2000])
            .select_related("beneficiary", "delivery_point")
            .in_bulk()
        )
    parcels = []
    for key, people in by_destination.items():
        parcel = _parcel_for(order, firsts[first_line[key]], now)
        parcel.card_count = len(people)
        parcels.append(parcel)
    Parcel.objects.bulk_create(parcels, batch_size=BATCH)
    saved = dict(Parcel.objects.filter(order=order).values_list("destination_key", "pk"))
    cards = dict(
        OrderLine.objects.filter(order=order, card__isnull=False).values_list(
            "beneficiary_id", "card_id"
        )
    )
    insert_rows(
        Parcel.cards.through,
        ["parcel_id", "card_id"],
        (
            (saved[key], cards[person])
            for key, people in by_destination.items()
            for person in people
        ),
    )


# --- the partners' steps ----------------------------------------------------------------------


def order_cards_in_manufacture(*, order: Order, by: Author, now: datetime) -> int:
    """The factory took the order's cards (or the staff marked the batch)."""
    with transaction.atomic():
        moved = transition_many(
            Card.objects.filter(parcels__order=order),
            Card.Status.IN_MANUFACTURE,
            table=CARD_TABLE,
            by=by,
            now=now,
        )
        order_follow(order_id=order.pk, by=by, now=now)
    return moved


def parcel_hand_over(
    *, parcel: Parcel, carrier: str, tracking_number: str, by: Author, now: datetime
) -> Parcel:
    """The factory handed the parcel to the carrier: its cards are shipped."""
    from titresto.core.states import transition

    with transaction.atomic():
        parcel = transition(
            parcel,
            Parcel.Status.HANDED_OVER,
            table=PARCEL_TABLE,
            by=by,
            now=now,
            changes={"carrier": carrier, "tracking_number": tracking_number},
        )
        transition_many(parcel.cards.all(), Card.Status.SHIPPED, table=CARD_TABLE, by=by, now=now)
        order_follow(order_id=parcel.order_id, by=by, now=now)
    return parcel


LAST_FOUR_DIGITS = 4


def parcel_cards_number(*, parcel: Parcel, numbers: dict[int, str]) -> int:
    """The manufacturer's last four digits of cards it made for this parcel (by our card id), in
    as many events as it likes. Only the parcel's own cards, and only those without a number yet:
    a number once reported stays, so a repeated or late report changes nothing."""
    if any(len(digits) != LAST_FOUR_DIGITS or not digits.isdigit() for digits in numbers.values()):
        raise ValueError("last_four must be 4 digits")
    cards = list(
        Card.objects.filter(parcels=parcel, pk__in=list(numbers), client_id=parcel.client_id)
    )
    if len(cards) != len(numbers):
        raise ValueError("a card is not in this parcel")
    unnumbered = [card for card in cards if not card.last_four]
    for card in unnumbered:
        card.last_four = numbers[card.pk]
    Card.objects.bulk_update(unnumbered, ["last_four"], batch_size=BATCH)
    return len(unnumbered)


def parcel_move(
    *, parcel: Parcel, status: str, by: Author, now: datetime, reason: str = ""
) -> Parcel:
    """The carrier's steps: in transit, delivered, incident, returned."""
    from titresto.core.states import transition

    with transaction.atomic():
        parcel = transition(parcel, status, table=PARCEL_TABLE, by=by, now=now, reason=reason)
        order_follow(order_id=parcel.order_id, by=by, now=now)
    return parcel


def parcel_cards_activate(*, parcel: Parcel, by: Author, now: datetime) -> int:
    """The holders activated the cards they received; their due loads are credited at once."""
    with transaction.atomic():
        moved = transition_many(
            parcel.cards.all(), Card.Status.ACTIVE, table=CARD_TABLE, by=by, now=now
        )
        Card.objects.filter(parcels=parcel, expiry_date__isnull=True).update(
            expiry_date=card_expiry(timezone.localdate(now))
        )
        loads_credit_due(now=now, order_id=parcel.order_id)
    return moved


def fulfilment_start_missed(
    *, now: datetime, older_than: dt.timedelta = dt.timedelta(minutes=5)
) -> int:
    """Paid orders with neither parcels nor loads a while after payment: started now."""
    started = TaskRun.objects.filter(task="fulfilment.start", key=Cast(OuterRef("pk"), CharField()))
    orders = (
        Order.objects.filter(status=Order.Status.PAID, paid_at__lte=now - older_than)
        .exclude(Exists(started))
        .values_list("pk", flat=True)[:100]
    )
    return sum(fulfilment_start(order_id=order_id, now=now) for order_id in orders)
