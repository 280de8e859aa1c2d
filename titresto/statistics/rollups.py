"""The daily rollups, kept by every import and rebuilt from the raw transactions on demand.

`rollups_add` is what an import calls for the lines it writes (before writing them: it reads
which cards were already counted in each group that day); `rollups_rebuild` computes the same
rows from scratch with one GROUP BY. A test proves that both agree on any sequence of imports.
"""

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any, cast

from django.db import connection, transaction

from titresto.core.bulk import upsert_adding
from titresto.statistics.lines import ACCEPTED, GROUP, Line
from titresto.statistics.models import CardFirstUse, CardTransaction, DailyUsage, HourlyUsage

IN_LIST_MAX = 2_000
KEY = ("client_id", "day", "point_id", "category", "outcome")
HOUR_KEY = ("client_id", "day", "point_id", "hour")
SUMS = ("transaction_count", "amount_cents", "card_count")
Key = tuple[Any, ...]  # KEY's or HOUR_KEY's values


def _already_counted(lines: Sequence[Line]) -> tuple[set[tuple[int, Key]], set[tuple[int, Key]]]:
    """(card, daily key) and (card, hourly key) pairs that stored transactions already count,
    for the batch's days."""
    clients = {line.client_id for line in lines}
    days = [line.day for line in lines]
    stored = CardTransaction.objects.filter(
        client_id__in=clients, day__gte=min(days), day__lte=max(days)
    )
    cards = {line.card_id for line in lines}
    if len(cards) <= IN_LIST_MAX:
        stored = stored.filter(card_id__in=cards)
    daily: set[tuple[int, Key]] = set()
    hourly: set[tuple[int, Key]] = set()
    for card, client, day, point, category, outcome, hour in stored.values_list(
        "card_id", *KEY, "hour"
    ).iterator(chunk_size=20_000):
        daily.add((card, (client, day, point, category, outcome)))
        if outcome == ACCEPTED:
            hourly.add((card, (client, day, point, hour)))
    return daily, hourly


def _upsert(
    table: str, columns: Sequence[str], conflict: str, update: str, rows: list[tuple[Any, ...]]
) -> None:
    if not rows:
        return
    marks = ", ".join(["%s"] * len(columns))
    sql = (
        f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks}) "  # noqa: S608
        f"ON CONFLICT ({conflict}) DO UPDATE SET {update}"
    )
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 5_000):
            cursor.executemany(sql, rows[start : start + 5_000])


def rollups_add(lines: Sequence[Line]) -> int:
    """Adds a batch of lines not yet stored to the daily rollups and the cards' first use.
    Returns the number of rollup rows touched."""
    if not lines:
        return 0
    counted, counted_hourly = _already_counted(lines)
    groups: dict[Key, list[Any]] = {}
    hours: dict[Key, list[Any]] = {}
    first_use: dict[int, tuple[int, dt.date]] = {}
    for line in lines:
        key = cast(Key, line[GROUP])
        group = groups.get(key)
        if group is None:
            group = groups[key] = [0, 0, set()]
        group[0] += 1
        group[1] += line.amount_cents
        if (line.card_id, key) not in counted:
            group[2].add(line.card_id)
        if line.outcome == ACCEPTED:
            hour_key = (line.client_id, line.day, line.point_id, line.hour)
            group = hours.get(hour_key)
            if group is None:
                group = hours[hour_key] = [0, 0, set()]
            group[0] += 1
            group[1] += line.amount_cents
            if (line.card_id, hour_key) not in counted_hourly:
                group[2].add(line.card_id)
            known = first_use.get(line.card_id)
            if known is None or line.day < known[1]:
                first_use[line.card_id] = (line.client_id, line.day)
    adapt = connection.ops.adapt_datefield_value
    for model, keys, found in ((DailyUsage, KEY, groups), (HourlyUsage, HOUR_KEY, hours)):
        upsert_adding(
            model,
            keys,
            SUMS,
            [
                (key[0], adapt(key[1]), *key[2:], count, amount, len(cards))
                for key, (count, amount, cards) in found.items()
            ],
        )
    first = CardFirstUse._meta.db_table
    _upsert(
        first,
        ["card_id", "client_id", "first_used_on"],
        "card_id",
        "first_used_on = CASE WHEN excluded.first_used_on < "
        f"{first}.first_used_on THEN excluded.first_used_on ELSE {first}.first_used_on END",
        [(card, client, adapt(day)) for card, (client, day) in first_use.items()],
    )
    return len(groups) + len(hours)


def rollups_rebuild(*, client_ids: Iterable[int] | None = None) -> int:
    """Every rollup row recomputed from the transactions (all clients, or these)."""
    usage, first = DailyUsage._meta.db_table, CardFirstUse._meta.db_table
    hourly = HourlyUsage._meta.db_table
    tx = CardTransaction._meta.db_table
    where, params = "", []
    if client_ids is not None:
        ids = sorted(set(client_ids))
        if not ids:
            return 0
        where = f"WHERE client_id IN ({', '.join(['%s'] * len(ids))})"
        params = ids
    keys = ", ".join(KEY)
    with transaction.atomic(), connection.cursor() as cursor:
        for table in (usage, hourly, first):
            cursor.execute(f"DELETE FROM {table} {where}", params)  # noqa: S608
        cursor.execute(
            f"INSERT INTO {usage} ({keys}, transaction_count, amount_cents, card_count) "  # noqa: S608
            f"SELECT {keys}, COUNT(*), SUM(amount_cents), COUNT(DISTINCT card_id) "
            f"FROM {tx} {where} GROUP BY {keys}",
            params,
        )
        rows = cursor.rowcount
        accepted = f"{where} AND" if where else "WHERE"
        hour_keys = ", ".join(HOUR_KEY)
        cursor.execute(
            f"INSERT INTO {hourly} ({hour_keys}, transaction_count, amount_cents, card_count) "  # noqa: S608
            f"SELECT {hour_keys}, COUNT(*), SUM(amount_cents), COUNT(DISTINCT card_id) "
            f"FROM {tx} {accepted} outcome = %s GROUP BY {hour_keys}",
            [*params, ACCEPTED],
        )
        rows += cursor.rowcount
        cursor.execute(
            f"INSERT INTO {first} (card_id, client_id, first_used_on) "  # noqa: S608
            f"SELECT card_id, client_id, MIN(day) FROM {tx} {accepted} outcome = %s "
            "GROUP BY card_id, client_id",
            [*params, ACCEPTED],
        )
    return rows


def rollup_rows(*, client_id: int) -> list[tuple[Any, ...]]:
    """A client's rollup rows as tuples, in key order (what the tests compare)."""
    daily = DailyUsage.objects.filter(client_id=client_id).order_by(*KEY)
    hourly = HourlyUsage.objects.filter(client_id=client_id).order_by(*HOUR_KEY)
    return [
        *daily.values_list(*KEY, *SUMS),
        *(("hour", *row) for row in hourly.values_list(*HOUR_KEY, *SUMS)),
    ]


def first_uses(*, client_id: int) -> dict[int, dt.date]:
    return dict(
        CardFirstUse.objects.filter(client_id=client_id).values_list("card_id", "first_used_on")
    )
