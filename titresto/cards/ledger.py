"""The balance ledger: every movement of a card's money is an entry (`LedgerEntry`), never a
number overwritten; `CardBalance` keeps each card's running sum per year of titres, written in
the same transaction, so that « what expires next February » is a read of one row per card.

Writers: fulfilment when it credits loads, statistics when it imports accepted transactions,
the yearly expiry. Each takes plain tuples (an import writes thousands at once) and runs inside
the caller's transaction. Spending takes the oldest usable titres first, as the processor does:
loads of year N are usable until the end of February N+1 (`core.rules`).

Kept apart from a `services.py` on purpose: the card life cycle's services are another
issue's, and the ledger is written by three callers with no card transition involved.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.db import connection, transaction
from django.db.models import Q, Sum

from titresto.beneficiaries.models import Beneficiary
from titresto.cards.models import Card, CardBalance, LedgerDay, LedgerEntry
from titresto.core.bulk import insert_rows, upsert_adding
from titresto.core.rules import rules_at

IN_CHUNK = 5_000
ENTRY_COLUMNS = [
    "client_id",
    "card_id",
    "kind",
    "amount_cents",
    "load_year",
    "reference",
    "recorded_at",
]
Kind = LedgerEntry.Kind


def usable_until(load_year: int) -> dt.date:
    """The last day the titres loaded in `load_year` may be spent (the rules of that year)."""
    return rules_at(dt.date(load_year, 12, 31)).load_usable_until(load_year)


def _chunks(values: list[int]) -> Iterable[list[int]]:
    for start in range(0, len(values), IN_CHUNK):
        yield values[start : start + IN_CHUNK]


def select_in(sql: str, values: list[Any], *, first: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
    """Rows of `sql` (parameters `first`, then one `IN ({marks})`) for every chunk of
    `values`, in plain SQL: the ORM takes ~20 ms to build a 5 000-value IN list."""
    found: list[tuple[Any, ...]] = []
    with connection.cursor() as cursor:
        for chunk in _chunks(values):
            cursor.execute(sql.format(marks=", ".join(["%s"] * len(chunk))), [*first, *chunk])
            found.extend(cursor.fetchall())
    return found


def _balances_add(deltas: Mapping[tuple[int, int], tuple[int, int]]) -> None:
    """Adds each (card, year) → (client, cents) to its running balance, creating missing rows."""
    if not deltas:
        return
    cards = sorted({card for card, _year in deltas})
    table = CardBalance._meta.db_table
    existing = {
        (card, year): pk
        for pk, card, year in select_in(
            f"SELECT id, card_id, load_year FROM {table} WHERE card_id IN ({{marks}})",  # noqa: S608
            cards,
        )
    }
    updates = [(cents, existing[key]) for key, (_c, cents) in deltas.items() if key in existing]
    if updates:
        with connection.cursor() as cursor:
            cursor.executemany(
                f"UPDATE {table} SET balance_cents = balance_cents + %s WHERE id = %s",  # noqa: S608
                updates,
            )
    limits = {year: usable_until(year) for _card, year in deltas}
    insert_rows(
        CardBalance,
        ["client_id", "card_id", "load_year", "usable_until", "balance_cents"],
        (
            (client, card, year, limits[year], cents)
            for (card, year), (client, cents) in deltas.items()
            if (card, year) not in existing
        ),
    )


def _points(cards: list[int]) -> dict[int, int]:
    """Each card's delivery point (its holder's; 0 for home delivery)."""
    card, person = Card._meta.db_table, Beneficiary._meta.db_table
    rows = select_in(
        f"SELECT c.id, b.delivery_point_id FROM {card} c "  # noqa: S608
        f"JOIN {person} b ON b.id = c.beneficiary_id WHERE c.id IN ({{marks}})",
        cards,
    )
    return {pk: point or 0 for pk, point in rows}


def _days_add(entries: list[tuple[Any, ...]], day: dt.date) -> None:
    """The day's totals of these entries (client, card, kind, cents, …) by delivery point."""
    if not entries:
        return
    points = _points(sorted({entry[1] for entry in entries}))
    on = connection.ops.adapt_datefield_value(day)
    totals: dict[tuple[Any, ...], list[int]] = {}
    for client, card, kind, cents, *_rest in entries:
        total = totals.setdefault((client, on, points.get(card, 0), kind), [0, 0])
        total[0] += cents
        total[1] += 1
    upsert_adding(
        LedgerDay,
        ["client_id", "day", "point_id", "kind"],
        ["amount_cents", "entry_count"],
        [(*key, *total) for key, total in totals.items()],
    )


def ledger_credit(
    *, rows: Iterable[tuple[int, int, int, str]], day: dt.date, now: dt.datetime
) -> int:
    """Loads credited: (card, client, cents, reference) each, titres of `day`'s year."""
    year = day.year
    deltas: dict[tuple[int, int], tuple[int, int]] = {}
    entries = []
    for card, client, cents, reference in rows:
        if cents <= 0:
            continue
        entries.append((client, card, Kind.LOAD.value, cents, year, reference, now))
        _client, total = deltas.get((card, year), (client, 0))
        deltas[(card, year)] = (client, total + cents)
    with transaction.atomic():
        insert_rows(LedgerEntry, ENTRY_COLUMNS, entries)
        _balances_add(deltas)
        _days_add(entries, day)
    return len(entries)


def _usable_balances(cards: list[int], day: dt.date) -> dict[int, list[tuple[int, int]]]:
    """Each card's usable years, oldest first: [(year, balance)]."""
    found: dict[int, list[tuple[int, int]]] = defaultdict(list)
    table = CardBalance._meta.db_table
    rows = select_in(
        f"SELECT card_id, load_year, balance_cents FROM {table} "  # noqa: S608
        f"WHERE usable_until >= %s AND card_id IN ({{marks}})",
        cards,
        first=[connection.ops.adapt_datefield_value(day)],
    )
    for card, year, balance in sorted(rows):
        found[card].append((year, balance))
    return found


def ledger_spend(
    *, spends: Mapping[int, tuple[int, int]], day: dt.date, batch: str, now: dt.datetime
) -> int:
    """Accepted spending of one batch: card → (client, cents), taken from the oldest usable
    titres first. Spending beyond what the ledger holds (a load the processor knew before us)
    is taken from the newest usable year, which goes below zero: the sum stays loads − spending.
    """
    balances = _usable_balances(sorted(spends), day)
    deltas: dict[tuple[int, int], tuple[int, int]] = {}
    entries = []
    for card, (client, cents) in spends.items():
        if cents <= 0:
            continue
        years = balances.get(card) or [(day.year, 0)]
        left = cents
        taken: list[tuple[int, int]] = []
        for year, balance in years:
            take = min(left, max(balance, 0))
            if take:
                taken.append((year, take))
                left -= take
        if left:
            newest = years[-1][0]
            if taken and taken[-1][0] == newest:
                taken[-1] = (newest, taken[-1][1] + left)
            else:
                taken.append((newest, left))
        for year, take in taken:
            reference = f"spend:{batch}:{card}:{year}"
            entries.append((client, card, Kind.SPEND.value, -take, year, reference, now))
            deltas[(card, year)] = (client, -take)
    with transaction.atomic():
        insert_rows(LedgerEntry, ENTRY_COLUMNS, entries)
        _balances_add(deltas)
    return len(entries)


def ledger_expire(*, today: dt.date, now: dt.datetime) -> int:
    """What is left of every year of titres past its last day: one EXPIRY entry each, the
    balance brought to zero. Run daily by beat; a second run finds nothing left. Returns the
    amount expired, in cents."""
    with transaction.atomic():
        rows = list(
            CardBalance.objects.select_for_update()
            .filter(usable_until__lt=today, balance_cents__gt=0)
            .values_list("pk", "client_id", "card_id", "load_year", "balance_cents")
        )
        entries = [
            (client, card, Kind.EXPIRY.value, -cents, year, f"expiry:{card}:{year}", now)
            for _pk, client, card, year, cents in rows
        ]
        insert_rows(LedgerEntry, ENTRY_COLUMNS, entries)
        _days_add(entries, today)
        for chunk in _chunks([row[0] for row in rows]):
            CardBalance.objects.filter(pk__in=chunk).update(balance_cents=0)
    return sum(row[4] for row in rows)


def card_balance_cents(*, card_id: int, today: dt.date) -> int:
    """What the holder may spend today: the usable years' balances."""
    total = CardBalance.objects.filter(Q(usable_until__gte=today), card_id=card_id).aggregate(
        total=Sum("balance_cents")
    )["total"]
    return int(total or 0)
