"""Loads' writes: crediting those due, the card processor's refusals, the issuer's staff
trying a refused load again or giving it up; and each order's load counts (`LoadCounts`),
moved in the same transactions as the loads, so that no page counts 100 000 rows."""

from collections import Counter
from collections.abc import Mapping
from datetime import datetime

from django.db import transaction
from django.db.models import Count, F, QuerySet
from django.utils import timezone

from titresto.cards.ledger import ledger_credit
from titresto.cards.models import Card
from titresto.core.states import Author, TransitionRefused, transition, transition_many
from titresto.fulfilment.models import Load, LoadCounts
from titresto.fulfilment.notifications import LOADED, REFUSED, fulfilment_email_later
from titresto.fulfilment.states import LOAD_TABLE
from titresto.orders.models import Order

SYSTEM = "Titresto"
BATCH = 5000


# --- the counts -------------------------------------------------------------------------------


def load_counts_start(order: Order) -> LoadCounts:
    """The counts of an order whose loads were just written (all scheduled)."""
    return LoadCounts.objects.create(
        order=order,
        client_id=order.client_id,
        scheduled=Load.objects.filter(order=order).count(),
    )


def _counts_move(moved: Mapping[int, int], source: str, target: str) -> None:
    """`moved` loads of each order went from `source` to `target`: one UPDATE per order. Kept
    last in the transaction, so that two workers crediting one order wait on its row briefly."""
    minus, plus = LoadCounts.FIELDS[source], LoadCounts.FIELDS[target]
    for order_id, count in sorted(moved.items()):
        if count:
            LoadCounts.objects.filter(order_id=order_id).update(
                **{minus: F(minus) - count, plus: F(plus) + count}
            )


def load_counts_recount(*, order_id: int) -> LoadCounts:
    """The counts read again from the loads (a repair, and the data migration's rule)."""
    order = Order.objects.get(pk=order_id)
    found = dict(
        Load.objects.filter(order_id=order_id)
        .values("status")
        .annotate(count=Count("id"))
        .values_list("status", "count")
    )
    counts, _created = LoadCounts.objects.update_or_create(
        order_id=order_id,
        defaults={
            "client_id": order.client_id,
            **{field: found.get(status, 0) for status, field in LoadCounts.FIELDS.items()},
        },
    )
    return counts


# --- crediting --------------------------------------------------------------------------------


def loads_due(*, now: datetime) -> "QuerySet[Load]":
    """The loads whose day has come and whose card is active."""
    return Load.objects.filter(
        status=Load.Status.SCHEDULED,
        due_on__lte=timezone.localdate(now),
        card__status=Card.Status.ACTIVE,
    )


def _ledger_credit(*, load_ids: list[int], now: datetime) -> None:
    """Of these loads, those this move credited (at this very `now`: not another worker's) into
    the cards' balance ledger, in the same transaction."""
    credited: list[tuple[int, int, int, int]] = []
    for start in range(0, len(load_ids), BATCH):
        credited += Load.objects.filter(
            pk__in=load_ids[start : start + BATCH],
            status=Load.Status.CREDITED,
            credited_at=now,
        ).values_list("card_id", "client_id", "amount_cents", "pk")
    ledger_credit(
        rows=((card, client, cents, f"load:{pk}") for card, client, cents, pk in credited),
        day=timezone.localdate(now),
        now=now,
    )


def _credit(
    due: "QuerySet[Load]",
    *,
    now: datetime,
    order_id: int | None = None,
) -> int:
    """Credits `due` once, and moves the counts: one order's (known), or, for a chunk, each
    order's share read from the rows once they are locked."""
    with transaction.atomic():
        if order_id is not None:
            per_order: Counter[int] | None = None
            due_ids = list(due.values_list("pk", flat=True))
        else:
            locked = list(due.select_for_update().values_list("pk", "order_id"))
            per_order = Counter(order for _pk, order in locked)
            due_ids = [pk for pk, _order in locked]
        moved = transition_many(
            due,
            Load.Status.CREDITED,
            table=LOAD_TABLE,
            by=SYSTEM,
            now=now,
            changes={"credited_at": now},
        )
        if per_order is None:
            per_order = Counter({order_id: moved}) if order_id is not None else Counter()
        if moved:
            _ledger_credit(load_ids=due_ids, now=now)
        _counts_move(per_order, Load.Status.SCHEDULED, Load.Status.CREDITED)
        # « Cartes chargées »: the task sends it only if none is left (it runs after this
        # commit, so the last chunk's task sees them all).
        for credited_order in sorted(order for order, count in per_order.items() if count):
            fulfilment_email_later(order_id=credited_order, kind=LOADED)
    return moved


def loads_credit(*, load_ids: list[int], now: datetime) -> int:
    """These loads, those still due, credited once: a chunk delivered twice (a worker that
    died before acknowledging it) finds them credited and does nothing."""
    return _credit(loads_due(now=now).filter(pk__in=load_ids), now=now)


def loads_credit_due(*, now: datetime, order_id: int | None = None) -> int:
    """Every load due, credited once, in one transaction (an activation credits its order's
    loads at once; the periodic job fans the rest out in chunks: `tasks.credit_due_loads`)."""
    due = loads_due(now=now)
    if order_id is not None:
        due = due.filter(order_id=order_id)
    return _credit(due, now=now, order_id=order_id)


# --- refusals ---------------------------------------------------------------------------------

REASON_MAX = 300


class LoadsNotInOrder(ValueError):
    """The processor named a load that is not one of the order's (or no such load)."""


def loads_refuse(
    *, order: Order, load_ids: list[int] | None, reason: str, by: Author, now: datetime
) -> int:
    """The card processor refused these loads of `order` (none named: every one still
    scheduled). Only the order's own loads; a load already credited refuses the whole event
    (`TransitionRefused`: it is kept for the staff), one already refused is left as it is, so a
    repeated report changes nothing. The manager is told once per order."""
    reason = reason.strip()[:REASON_MAX]
    with transaction.atomic():
        loads = Load.objects.filter(order=order, client_id=order.client_id)
        if load_ids is not None:
            wanted = set(load_ids)
            statuses = dict(loads.filter(pk__in=wanted).values_list("pk", "status"))
            if len(statuses) != len(wanted):
                raise LoadsNotInOrder("a load is not in this order")
            loads = loads.filter(pk__in=wanted)
            credited = [pk for pk, status in statuses.items() if status == Load.Status.CREDITED]
            if credited:
                raise TransitionRefused(f"load {min(credited)} is already credited")
        moved = transition_many(
            loads,
            Load.Status.REFUSED,
            table=LOAD_TABLE,
            by=by,
            now=now,
            reason=reason,
            changes={"refusal_reason": reason},
        )
        _counts_move({order.pk: moved}, Load.Status.SCHEDULED, Load.Status.REFUSED)
        if moved:
            fulfilment_email_later(order_id=order.pk, kind=REFUSED)
    return moved


def load_retry(*, load: Load, by: Author, now: datetime) -> Load:
    """The staff try a refused load again (the processor fixed its side): it is scheduled, and
    credited at once when its day has come and its card is active."""
    with transaction.atomic():
        load = transition(load, Load.Status.SCHEDULED, table=LOAD_TABLE, by=by, now=now, changes={})
        _counts_move({load.order_id: 1}, Load.Status.REFUSED, Load.Status.SCHEDULED)
        loads_credit(load_ids=[load.pk], now=now)
    return load


def load_cancel(*, load: Load, by: Author, now: datetime, reason: str = "") -> Load:
    """The staff give a refused load up: it will never be credited, and its face value is owed
    back to the client (see the README: the credit note is billing's)."""
    with transaction.atomic():
        load = transition(
            load, Load.Status.CANCELLED, table=LOAD_TABLE, by=by, now=now, reason=reason
        )
        _counts_move({load.order_id: 1}, Load.Status.REFUSED, Load.Status.CANCELLED)
        # The last load left waiting may have been this one: « cartes chargées » for the rest.
        fulfilment_email_later(order_id=load.order_id, kind=LOADED)
    return load
