"""The processor's transactions into the database: its daily file (HMAC-signed, streamed in
batches, one transaction for the whole file) and its real-time events, through one writer
(`_record`) that stores the lines, adds them to the rollups and debits the cards' ledger.

Both paths are idempotent: a file already imported (same SHA-256) imports nothing, and a
reference already stored refuses its line (« doublon »), reported by line, the rest imported.
"""

import csv
import datetime as dt
import hashlib
import hmac
import io
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.utils.translation import gettext as _

from titresto.beneficiaries.models import Beneficiary
from titresto.cards.ledger import ledger_spend, select_in, usable_until
from titresto.cards.models import Card
from titresto.core.bulk import insert_rows
from titresto.core.rules import rules_at
from titresto.statistics.lines import ACCEPTED, HEADER, CardInfo, Line, LineChecker, Report
from titresto.statistics.models import NO_POINT, CardTransaction, TransactionImport
from titresto.statistics.rollups import rollups_add

BATCH = 50_000
IN_CHUNK = 5_000
READ_CHUNK = 1 << 20
# In the order of `lines.Line`'s fields, then the import.
TRANSACTION_COLUMNS = [
    "reference",
    "card_id",
    "occurred_at",
    "client_id",
    "day",
    "point_id",
    "category",
    "outcome",
    "hour",
    "amount_cents",
    "balance_after_cents",
    "source_import_id",
]


@dataclass(frozen=True)
class ImportOutcome:
    row: TransactionImport
    replayed: bool  # the same file was imported before: nothing imported this time


def processor_secret() -> str:
    return settings.PARTNER_WEBHOOK_SECRETS.get("PROCESSOR", "")


def file_signature(path: Path, secret: str) -> tuple[str, str]:
    """(HMAC-SHA256 hex, SHA-256 hex) of the file's bytes, read in chunks."""
    mac = hmac.new(secret.encode(), digestmod=hashlib.sha256)
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(READ_CHUNK):
            mac.update(chunk)
            digest.update(chunk)
    return mac.hexdigest(), digest.hexdigest()


def _cards_learn(checker: LineChecker, texts: set[str]) -> None:
    wanted = sorted(
        {int(text) for text in texts if text.isdigit() and len(text) < 19} - checker.cards.keys()
    )
    card, person = Card._meta.db_table, Beneficiary._meta.db_table
    rows = select_in(
        f"SELECT c.id, c.client_id, b.delivery_point_id FROM {card} c "  # noqa: S608
        f"JOIN {person} b ON b.id = c.beneficiary_id WHERE c.id IN ({{marks}})",
        wanted,
    )
    for pk, client_id, point_id in rows:
        checker.cards[pk] = CardInfo(client_id, point_id or NO_POINT)


def _stored_references(references: list[str]) -> set[str]:
    table = CardTransaction._meta.db_table
    sql = f"SELECT reference FROM {table} WHERE reference IN ({{marks}})"  # noqa: S608
    return {row[0] for row in select_in(sql, references)}


def _check_batch(
    rows: Sequence[tuple[int, list[str]]], checker: LineChecker, report: Report
) -> list[Line]:
    _cards_learn(checker, {cells[1] for _n, cells in rows if len(cells) > 1})
    stored = _stored_references([cells[0] for _n, cells in rows if cells])
    seen: set[str] = set()
    lines = []
    for number, cells in rows:
        line = checker.check(number, cells, report)
        if line is None:
            continue
        if line.reference in stored or line.reference in seen:
            report.refuse(
                number, "reference", "duplicate", _("Référence déjà reçue : ligne ignorée.")
            )
            continue
        seen.add(line.reference)
        lines.append(line)
    return lines


class Spending:
    """Accepted spending per card, gathered over a whole file and debited from the ledger once
    per card (not once per line): grouped by the stretch of days between two expiries, since
    which titres are usable changes only when a year's titres expire."""

    def __init__(self) -> None:
        self.by_stretch: dict[dt.date, dict[int, tuple[int, int]]] = defaultdict(dict)
        self.first_day: dict[dt.date, dt.date] = {}
        self.limits: dict[int, dt.date] = {}

    def _stretch(self, day: dt.date) -> dt.date:
        """The next expiry on or after `day`: days with the same one see the same titres."""
        year = day.year - 1
        while True:
            limit = self.limits.get(year)
            if limit is None:
                limit = self.limits[year] = usable_until(year)
            if limit >= day:
                return limit
            year += 1

    def add(self, lines: Sequence[Line]) -> None:
        stretch_of: dict[dt.date, dt.date] = {}
        for line in lines:
            if line.outcome != ACCEPTED:
                continue
            stretch = stretch_of.get(line.day)
            if stretch is None:
                stretch = stretch_of[line.day] = self._stretch(line.day)
                first = self.first_day.get(stretch)
                if first is None or line.day < first:
                    self.first_day[stretch] = line.day
            by_card = self.by_stretch[stretch]
            _client, cents = by_card.get(line.card_id, (line.client_id, 0))
            by_card[line.card_id] = (line.client_id, cents + line.amount_cents)

    def debit(self, *, batch: str, now: dt.datetime) -> None:
        for stretch, by_card in sorted(self.by_stretch.items()):
            day = self.first_day[stretch]
            ledger_spend(spends=by_card, day=day, batch=f"{batch}:{stretch:%Y%m%d}", now=now)
        self.by_stretch.clear()


def _sqlite_values(line: Line, source_id: int, days: dict[dt.date, str]) -> tuple[Any, ...]:
    """A line as SQLite stores it through Django (UTC text, ISO day), without the fields'
    per-value conversion (a third of the import's time)."""
    day = days.get(line.day)
    if day is None:
        day = days[line.day] = line.day.isoformat()
    at = str(line[2].astimezone(dt.UTC).replace(tzinfo=None))
    return (line[0], line[1], at, line[3], day, *line[5:], source_id)


def _transactions_insert(lines: Sequence[Line], source_id: int) -> None:
    if connection.vendor != "sqlite":
        insert_rows(CardTransaction, TRANSACTION_COLUMNS, ((*line, source_id) for line in lines))
        return
    table = CardTransaction._meta.db_table
    marks = ", ".join(["%s"] * len(TRANSACTION_COLUMNS))
    sql = f"INSERT INTO {table} ({', '.join(TRANSACTION_COLUMNS)}) VALUES ({marks})"  # noqa: S608
    days: dict[dt.date, str] = {}
    with connection.cursor() as cursor:
        cursor.executemany(sql, [_sqlite_values(line, source_id, days) for line in lines])


def _record(lines: Sequence[Line], *, source: TransactionImport, spending: Spending) -> None:
    """Stores checked lines (references not yet stored), in the caller's transaction; their
    accepted amounts go to `spending`, which the caller debits."""
    if not lines:
        return
    rollups_add(lines)
    _transactions_insert(lines, source.pk)
    spending.add(lines)


def _numbered_rows(text: io.TextIOBase, report: Report) -> Iterator[tuple[int, list[str]]] | None:
    reader = csv.reader(text, delimiter=";")
    header = next(reader, None)
    if header is None or tuple(cell.strip().lower() for cell in header) != HEADER:
        return None
    return ((number, cells) for number, cells in enumerate(reader, start=2) if cells)


def _refused(**fields: Any) -> TransactionImport:
    return TransactionImport.objects.create(status=TransactionImport.Status.REFUSED, **fields)


def transactions_file_import(
    *,
    path: Path,
    signature: str,
    now: dt.datetime,
    source: str = TransactionImport.Source.FILE,
) -> ImportOutcome:
    """The processor's daily file. A bad signature or header refuses it whole (the refusal is
    kept); otherwise every good line is imported and every bad one reported by line."""
    expected, sha256 = file_signature(path, processor_secret())
    base = {
        "source": source,
        "filename": path.name[:200],
        "sha256": sha256,
        "received_at": now,
    }
    if not processor_secret() or not hmac.compare_digest(expected, signature.strip().lower()):
        row = _refused(**base, refusal=_("Signature du fichier invalide : fichier refusé."))
        return ImportOutcome(row, replayed=False)
    done = TransactionImport.objects.filter(
        sha256=sha256, status=TransactionImport.Status.IMPORTED
    ).first()
    if done is not None:
        return ImportOutcome(done, replayed=True)
    checker = LineChecker(now=now, daily_cap_cents=rules_at(now.date()).daily_spending_cap_cents)
    report = Report()
    with path.open("rb") as raw, io.TextIOWrapper(raw, encoding="utf-8-sig", newline="") as text:
        rows = _numbered_rows(text, report)
        if rows is None:
            refusal = _("En-tête attendu : %(header)s.") % {"header": ";".join(HEADER)}
            return ImportOutcome(_refused(**base, refusal=refusal), replayed=False)
        with transaction.atomic():
            row = TransactionImport.objects.create(status=TransactionImport.Status.IMPORTED, **base)
            total = imported = 0
            spending = Spending()
            while batch := list(islice(rows, BATCH)):
                total += len(batch)
                lines = _check_batch(batch, checker, report)
                _record(lines, source=row, spending=spending)
                imported += len(lines)
                del lines, batch
            spending.debit(batch=str(row.pk), now=now)
            row.line_count, row.imported_count = total, imported
            row.refused_count, row.issues = report.refused, report.issues
            row.save(update_fields=["line_count", "imported_count", "refused_count", "issues"])
    return ImportOutcome(row, replayed=False)


def transaction_event_record(*, data: dict[str, Any], now: dt.datetime) -> str:
    """One real-time event of the processor (`transaction.recorded`): the same checks and the
    same writer as a file line. Raises ValueError with the refusal for a bad event."""
    cells = [str(data.get(name, "")) for name in ("reference", "card", "occurred_at")]
    cells += [str(data.get(name, "")) for name in ("amount_cents", "category", "result")]
    cells.append(str(data.get("balance_after_cents", "")))
    checker = LineChecker(now=now, daily_cap_cents=rules_at(now.date()).daily_spending_cap_cents)
    report = Report()
    with transaction.atomic():
        lines = _check_batch([(1, cells)], checker, report)
        if not lines:
            code = str(report.issues[0]["code"]) if report.issues else "refused"
            if code == "duplicate":
                return "already recorded"
            raise ValueError(code)
        row = TransactionImport.objects.create(
            source=TransactionImport.Source.WEBHOOK,
            filename=lines[0].reference,
            status=TransactionImport.Status.IMPORTED,
            line_count=1,
            imported_count=1,
            received_at=now,
        )
        spending = Spending()
        _record(lines, source=row, spending=spending)
        spending.debit(batch=str(row.pk), now=now)
    return "transaction recorded"
