"""Card usage statistics (issue 11): the processor's file at 1 000 000 lines (at least 50 000
lines/s, flat memory), and the statistics page of a client with 10 million transactions (under
100 ms, constant queries), which reads the rollups only.

20 000 of the big client's people get an active card and a load. The file is written to a
temporary folder, signed, and imported in this process as `titresto import-transactions` does;
its peak memory is the growth of the process's peak RSS. For the page, the rollups of a year of
10 million transactions are written directly (the page never reads the transactions).
"""

import datetime as dt
import os
import random
import tempfile
import time
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from bench.report import Row
from bench.seed import World

CARDS = 20_000
LINES = int(os.environ.get("BENCH_TRANSACTION_LINES", "1000000"))
LINES_PER_S_TARGET = 50_000
MEMORY_TARGET_MB = 150
PAGE_TARGET_MS = 100
PAGE_TRANSACTIONS = 10_000_000


def _cards(world: World) -> list[int]:
    from titresto.beneficiaries.models import Beneficiary
    from titresto.cards.ledger import ledger_credit
    from titresto.cards.models import Card
    from titresto.core.bulk import insert_rows

    client = world.big_points[0].client
    now = timezone.now()
    people = list(
        Beneficiary.objects.filter(client=client)
        .exclude(cards__isnull=False)
        .order_by("pk")
        .values_list("pk", flat=True)[:CARDS]
    )
    with transaction.atomic():
        insert_rows(
            Card,
            ["client_id", "beneficiary_id", "status", "last_four", "created_at"],
            ((client.pk, person, "ACTIVE", f"{person % 10000:04d}", now) for person in people),
        )
        cards = list(
            Card.objects.filter(client=client, status="ACTIVE")
            .order_by("pk")
            .values_list("pk", flat=True)[:CARDS]
        )
        ledger_credit(
            rows=((card, client.pk, 20_000, f"load:bench:{card}") for card in cards),
            day=timezone.localdate(now),
            now=now,
        )
    return cards


def _write_file(folder: Path, cards: list[int], lines: int) -> Path:
    """A month of lunches, sorted by time as the processor writes them."""
    from titresto.statistics.services import file_signature, processor_secret

    rng = random.Random(11)
    start = dt.datetime(2026, 11, 2, 11, 30, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    categories = ["RESTAURANT"] * 40 + ["SUPERMARKET"] * 33 + ["BAKERY"] * 17 + ["FOOD_SHOP"] * 10
    step = dt.timedelta(days=28) / lines
    path = folder / "transactions.csv"
    with path.open("w", newline="") as out:
        out.write(
            "reference;carte;horodatage;montant_centimes;categorie;resultat;solde_apres_centimes\r\n"
        )
        for number in range(lines):
            at = (start + step * number).replace(microsecond=0)
            result = "ACCEPTED" if number % 20 else "DAILY_CAP"
            out.write(
                f"B{number:09d};{rng.choice(cards)};{at.isoformat()};{rng.randint(300, 1900)};"
                f"{rng.choice(categories)};{result};{rng.randint(0, 20000)}\r\n"
            )
    # Streamed, so that the file's bytes do not raise the peak the import is measured against.
    (folder / "transactions.csv.sig").write_text(file_signature(path, processor_secret())[0])
    return path


def _rss_mb(field: str) -> float:
    for text in Path("/proc/self/status").read_text().splitlines():
        if text.startswith(field + ":"):
            return int(text.split()[1]) / 1024
    return 0.0


def _reset_peak() -> None:
    """Linux forgets the process's peak RSS (so the import's own peak is measured)."""
    Path("/proc/self/clear_refs").write_text("5")


def import_rows(world: World, cards: list[int]) -> list[Row]:
    from titresto.statistics.services import transactions_file_import

    with tempfile.TemporaryDirectory(prefix="titresto-tx-") as folder:
        path = _write_file(Path(folder), cards, LINES)
        signature = (Path(folder) / "transactions.csv.sig").read_text()
        _reset_peak()
        before = _rss_mb("VmRSS")
        started, cpu = time.perf_counter(), time.process_time()
        outcome = transactions_file_import(path=path, signature=signature, now=timezone.now())
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
        growth = _rss_mb("VmHWM") - before
    assert outcome.row.imported_count == LINES, outcome.row.issues[:3]
    note = (
        f"({LINES / seconds:,.0f} lines/s, target {LINES_PER_S_TARGET:,}; CPU {cpu:.1f} s;"
        f" load {os.getloadavg()[0]:.1f})"
    ).replace(",", " ")
    label = f"import-transactions, {LINES:,} lines".replace(",", " ")
    return [
        Row(label, seconds, "s", LINES / LINES_PER_S_TARGET, note=note),
        Row("its peak memory (peak RSS over the start)", growth, "MB", MEMORY_TARGET_MB),
    ]


def _seed_rollups(world: World, cards: list[int]) -> int:
    """A year of rollups for 10 million transactions over the big client's three points (what
    the imports would have left), its cards' first uses and a year of monthly loads."""
    from django.db import connection

    from titresto.cards.models import LedgerDay
    from titresto.core.bulk import insert_rows
    from titresto.statistics.models import CardFirstUse, DailyUsage, HourlyUsage

    client = world.big_points[0].client
    points = [point.pk for point in world.big_points]
    rng = random.Random(10)
    start = dt.date(timezone.localdate().year - 1, 1, 1)
    days = [start + dt.timedelta(days=n) for n in range(366)]
    working = [day for day in days if day.weekday() < 5]
    per_day = PAGE_TRANSACTIONS // len(working) // len(points)
    adapt = connection.ops.adapt_datefield_value
    daily, hourly, loads = [], [], []
    shares = {"RESTAURANT": 40, "SUPERMARKET": 33, "BAKERY": 17, "FOOD_SHOP": 10}
    refusals = ["DAILY_CAP", "SUNDAY_OR_HOLIDAY", "CARD_NOT_ACTIVE", "INSUFFICIENT_BALANCE"]
    total = 0
    for day in working:
        for point in points:
            for category, share in shares.items():
                count = per_day * share // 100
                total += count
                daily.append(
                    (client.pk, adapt(day), point, category, "ACCEPTED", count, count * 1050, count)
                )
            for reason in refusals:
                count = rng.randint(5, 40)
                total += count
                daily.append(
                    (client.pk, adapt(day), point, "RESTAURANT", reason, count, count * 900, count)
                )
            for hour in range(8, 21):
                count = per_day // 13
                hourly.append(
                    (client.pk, adapt(day), point, hour, count, count * 1050, min(count, 6000))
                )
    for month in range(1, 13):
        for point in points:
            loads.append(
                (client.pk, adapt(dt.date(start.year, month, 2)), point, "LOAD", 400_000_000, 6666)
            )
    keys = [
        "client_id",
        "day",
        "point_id",
        "category",
        "outcome",
        "transaction_count",
        "amount_cents",
        "card_count",
    ]
    with transaction.atomic():
        insert_rows(DailyUsage, keys, daily)
        insert_rows(
            HourlyUsage,
            [
                "client_id",
                "day",
                "point_id",
                "hour",
                "transaction_count",
                "amount_cents",
                "card_count",
            ],
            hourly,
        )
        insert_rows(
            LedgerDay,
            ["client_id", "day", "point_id", "kind", "amount_cents", "entry_count"],
            loads,
        )
        # The import measured before has already given some of these cards their first use.
        used = set(CardFirstUse.objects.values_list("card_id", flat=True))
        insert_rows(
            CardFirstUse,
            ["card_id", "client_id", "first_used_on"],
            (
                (card, client.pk, start)
                for card in cards[: len(cards) * 9 // 10]
                if card not in used
            ),
        )
    return total


def page_rows(world: World, cards: list[int], *, runs: int) -> list[Row]:
    from django.db import connection
    from django.test import Client as HttpClient
    from django.urls import reverse

    from bench.measure import time_get

    total = _seed_rollups(world, cards)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    http = HttpClient()
    http.force_login(world.big_user)
    year = timezone.localdate().year - 1
    rows = []
    for label, params in [
        ("statistics page, a month", f"?periode=mois&annee={year}&mois=11"),
        ("statistics page, a year", f"?periode=annee&annee={year}"),
        (
            "statistics page, a year and a point",
            f"?periode=annee&annee={year}&point={world.big_points[0].public_id}",
        ),
    ]:
        median, queries = time_get(http, reverse("statistics:usage") + params, runs)
        note = f"({total / 1e6:.0f} M transactions in rollups)"
        rows.append(Row(label, median, "ms", PAGE_TARGET_MS, queries=queries, note=note))
    return rows


def statistics_rows(world: World, *, runs: int) -> list[Row]:
    cards = _cards(world)
    rows = import_rows(world, cards) if LINES else []
    return rows + page_rows(world, cards, runs=runs)
