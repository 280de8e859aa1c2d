"""One transaction line of the processor, checked: its file's lines and its real-time events
are the same seven fields, judged by the same function, so both paths refuse the same things.

    reference;carte;horodatage;montant_centimes;categorie;resultat;solde_apres_centimes
    TX-000001;4211;2026-11-03T12:14:05+01:00;1250;RESTAURANT;ACCEPTED;4830
"""

import datetime as dt
from dataclasses import dataclass, field
from typing import NamedTuple
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _

from titresto.statistics.models import MerchantCategory, Outcome

HEADER = (
    "reference",
    "carte",
    "horodatage",
    "montant_centimes",
    "categorie",
    "resultat",
    "solde_apres_centimes",
)
REFERENCE_MAX = 40
# No titre pays 1 000 € at once; an accepted one is under the daily cap besides.
AMOUNT_MAX = 100_000
EARLIEST = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
FUTURE_TOLERANCE = dt.timedelta(minutes=5)
ISSUES_KEPT = 1_000
PARIS = ZoneInfo("Europe/Paris")
CATEGORIES = frozenset(MerchantCategory.values)
OUTCOMES = frozenset(Outcome.values)
ACCEPTED = Outcome.ACCEPTED.value


class CardInfo(NamedTuple):
    client_id: int
    point_id: int


class Line(NamedTuple):
    """A checked transaction, with what the rollups group by: `line[GROUP]` is its daily
    rollup key (client, day, point, category, outcome), a slice rather than five lookups."""

    reference: str
    card_id: int
    occurred_at: dt.datetime
    client_id: int
    day: dt.date
    point_id: int
    category: str
    outcome: str
    hour: int
    amount_cents: int
    balance_after_cents: int


GROUP = slice(3, 8)


@dataclass
class Report:
    """Refused lines: the first `ISSUES_KEPT` as {line, column, code, message}, the rest counted."""

    issues: list[dict[str, object]] = field(default_factory=list)
    refused: int = 0

    def refuse(self, line: int, column: str, code: str, message: str) -> None:
        self.refused += 1
        if len(self.issues) < ISSUES_KEPT:
            self.issues.append({"line": line, "column": column, "code": code, "message": message})


class LineChecker:
    """Checks one line's fields against the cards it knows (`cards`: id → CardInfo, filled
    by the caller before it checks a batch) and the time of the import."""

    def __init__(self, *, now: dt.datetime, daily_cap_cents: int) -> None:
        self.latest = now + FUTURE_TOLERANCE
        self.daily_cap_cents = daily_cap_cents
        self.cards: dict[int, CardInfo] = {}

    def check(self, number: int, cells: list[str], report: Report) -> Line | None:
        if len(cells) != len(HEADER):
            report.refuse(
                number,
                "",
                "field_count",
                _("%(found)s champs au lieu de %(expected)s.")
                % {"found": len(cells), "expected": len(HEADER)},
            )
            return None
        reference, card_text, at_text, amount_text, category, outcome, balance_text = cells
        if not reference or len(reference) > REFERENCE_MAX:
            report.refuse(number, "reference", "bad_reference", _("Référence vide ou trop longue."))
            return None
        card_id = int(card_text) if card_text.isdigit() and len(card_text) < 19 else -1
        card = self.cards.get(card_id)
        if card is None:
            report.refuse(number, "carte", "unknown_card", _("Carte inconnue."))
            return None
        try:
            occurred_at = dt.datetime.fromisoformat(at_text)
        except ValueError:
            occurred_at = None
        if (
            occurred_at is None
            or occurred_at.tzinfo is None
            or not EARLIEST <= occurred_at <= self.latest
        ):
            report.refuse(
                number,
                "horodatage",
                "bad_time",
                _("Date et heure impossibles (attendu : 2026-11-03T12:14:05+01:00)."),
            )
            return None
        amount = int(amount_text) if amount_text.isdigit() and len(amount_text) < 10 else 0
        if not 0 < amount <= AMOUNT_MAX or (outcome == ACCEPTED and amount > self.daily_cap_cents):
            report.refuse(number, "montant_centimes", "bad_amount", _("Montant impossible."))
            return None
        if category not in CATEGORIES:
            report.refuse(number, "categorie", "bad_category", _("Catégorie inconnue."))
            return None
        if outcome not in OUTCOMES:
            report.refuse(number, "resultat", "bad_outcome", _("Résultat inconnu."))
            return None
        if not balance_text.isdigit() or len(balance_text) > 9:
            report.refuse(number, "solde_apres_centimes", "bad_balance", _("Solde impossible."))
            return None
        local = occurred_at.astimezone(PARIS)
        return Line(
            reference,
            card_id,
            occurred_at,
            card.client_id,
            local.date(),
            card.point_id,
            category,
            outcome,
            local.hour,
            amount,
            int(balance_text),
        )
