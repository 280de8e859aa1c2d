"""After payment, at 100 000 lines (issue 8: under 30 s in one worker; the tracking page under
200 ms at a constant SQL count).

The big client's 100 000 people get one paid order, every line a new card shipped to their
delivery point (three parcels). Timed in this process, as one worker runs it: the start (cards,
parcels, loads), the cards in manufacture, the hand-over of each parcel, its delivery, and the
activation of its cards, which credits their loads. Then the order's tracking page and its
last page of loads. Run once: it gives every person a card.
"""

import time

from django.db import transaction
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone

from bench.measure import time_get
from bench.orderfile import count_text
from bench.report import Row
from bench.seed import World

FULFILMENT_TARGET_S = 30
# The seed's people only: the order-import part, run before, adds 100 000 more.
LINES = 100_000
PAGE_TARGET_MS = 200
BY = "bench"


def _paid_order(world: World):
    from titresto.beneficiaries.models import Beneficiary
    from titresto.cards.models import CardAction
    from titresto.core.rules import rules_at
    from titresto.orders.models import Order, OrderLine
    from titresto.orders.services.orders import order_new
    from titresto.orders.terms import terms_in_force

    client = world.big_points[0].client
    now = timezone.now()
    with transaction.atomic():
        order = order_new(
            client=client,
            mode=Order.Mode.UNIT,
            terms=terms_in_force(client=client, rules=rules_at(timezone.localdate(now))),
            load_period=timezone.localdate(now).replace(day=1),
            load_date=None,
            by=BY,
            now=now,
        )
        people = Beneficiary.objects.filter(client=client, delivery_point__isnull=False)
        OrderLine.objects.bulk_create(
            (
                OrderLine(
                    client=client,
                    order=order,
                    position=rank + 1,
                    beneficiary_id=person_id,
                    titres=20,
                    face_value_cents=1000,
                    employer_share="60.00",
                    card_action=CardAction.NEW,
                    delivery_point_id=point_id,
                )
                for rank, (person_id, point_id) in enumerate(
                    people.order_by("pk")
                    .values_list("pk", "delivery_point_id")[:LINES]
                    .iterator(10_000)
                )
            ),
            batch_size=5000,
        )
        Order.objects.filter(pk=order.pk).update(status=Order.Status.PAID, paid_at=now)
    return Order.objects.get(pk=order.pk)


def fulfilment_rows(world: World, *, runs: int) -> list[Row]:
    from titresto.fulfilment.models import Load, Parcel
    from titresto.fulfilment.services import (
        fulfilment_start,
        order_cards_in_manufacture,
        parcel_cards_activate,
        parcel_hand_over,
        parcel_move,
    )

    order = _paid_order(world)
    steps: list[tuple[str, float]] = []

    def step(label: str, work) -> None:
        started = time.perf_counter()
        work()
        steps.append((label, time.perf_counter() - started))

    now = timezone.now()
    step("start", lambda: fulfilment_start(order_id=order.pk, now=now))
    step("manufacture", lambda: order_cards_in_manufacture(order=order, by=BY, now=now))
    parcels = list(Parcel.objects.filter(order=order))
    for rank, parcel in enumerate(parcels):
        step(
            "hand-over",
            lambda parcel=parcel, rank=rank: parcel_hand_over(
                parcel=parcel,
                carrier="COLISSIMO",
                tracking_number=f"6ABENCH{rank:05d}",
                by=BY,
                now=now,
            ),
        )
        step(
            "delivery",
            lambda parcel=parcel: parcel_move(
                parcel=Parcel.objects.get(pk=parcel.pk), status="DELIVERED", by=BY, now=now
            ),
        )
        step(
            "activation and loads",
            lambda parcel=parcel: parcel_cards_activate(parcel=parcel, by=BY, now=now),
        )
    total = sum(seconds for _label, seconds in steps)
    lines = order.lines.count()
    credited = Load.objects.filter(order=order, status="CREDITED").count()
    assert credited == lines, (credited, lines)
    by_step: dict[str, float] = {}
    for label, seconds in steps:
        by_step[label] = by_step.get(label, 0) + seconds
    detail = ", ".join(f"{label} {seconds:.1f} s" for label, seconds in by_step.items())
    rows = [
        Row(
            f"fulfilment of {count_text(lines)} lines",
            total,
            "s",
            FULFILMENT_TARGET_S,
            note=f"({count_text(lines / total)} cards and loads/s; {detail})",
        )
    ]
    http = HttpClient()
    http.force_login(world.big_user)
    tracking = reverse("fulfilment:tracking", args=[order.public_id])
    for label, url in (
        ("tracking page, 100 000 lines", tracking),
        ("tracking page, last page of loads", f"{tracking}?page=2000"),
    ):
        millis, queries = time_get(http, url, runs)
        rows.append(Row(label, millis, "ms", PAGE_TARGET_MS, queries=queries))
    return rows
