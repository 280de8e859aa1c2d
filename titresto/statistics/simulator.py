"""A card processor for the demo and the benchmarks: each completed day, what the clients'
cardholders plausibly bought, written as the processor's signed daily file and imported by the
same service as a real one (`STATISTICS_SIMULATOR`, on when DEBUG is, so in `make run`).

The law holds in what it accepts: at most 25 € a day per card (the rules in force), nothing on
a Sunday or a French public holiday unless the client allows it, nothing on a card that is not
active or past its expiry, nothing above what the card holds (its ledger: loads credited minus
what it spent, oldest titres first, each year's titres gone after the end of February N+1).
Attempts that break a rule are refused with their reason, a few of each kind. Lunch-time peaks
on working days; about 40 % restaurants, 33 % supermarkets, the rest bakeries and food shops.
"""

import datetime as dt
import random
import tempfile
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import holidays
from django.db.models import Max, Min
from django.utils import timezone

from titresto.cards.ledger import usable_until
from titresto.cards.models import Card, LedgerEntry
from titresto.clients.models import Client
from titresto.core.rules import rules_at
from titresto.statistics.lines import HEADER, PARIS
from titresto.statistics.models import CardTransaction, TransactionImport
from titresto.statistics.services import (
    ImportOutcome,
    file_signature,
    processor_secret,
    transactions_file_import,
)

# Weights out of 100 for a lunch; the evening errand is a supermarket or a food shop.
LUNCH = [("RESTAURANT", 52), ("SUPERMARKET", 20), ("BAKERY", 18), ("FOOD_SHOP", 10)]
EVENING = [("SUPERMARKET", 70), ("FOOD_SHOP", 20), ("BAKERY", 10)]
SIMULATED_CARD_STATUSES = (Card.Status.SHIPPED, Card.Status.ACTIVE, Card.Status.BLOCKED)


@dataclass
class Purse:
    """What a card holds, by year of titres, as the simulated processor sees it."""

    years: dict[int, int] = field(default_factory=dict)

    def usable(self, day: dt.date, limits: dict[int, dt.date]) -> int:
        return sum(cents for year, cents in self.years.items() if limits[year] >= day)

    def spend(self, cents: int, day: dt.date, limits: dict[int, dt.date]) -> None:
        for year in sorted(self.years):
            if limits[year] >= day and cents:
                take = min(cents, self.years[year])
                self.years[year] -= take
                cents -= take


@dataclass(frozen=True)
class SimCard:
    pk: int
    status: str
    expiry_date: dt.date | None
    allows_sunday: bool


def _pick(rng: random.Random, weights: list[tuple[str, int]]) -> str:
    return rng.choices([name for name, _w in weights], [w for _n, w in weights])[0]


def _at(day: dt.date, rng: random.Random, start: tuple[int, int], minutes: int) -> dt.datetime:
    moment = dt.datetime(day.year, day.month, day.day, *start, tzinfo=PARIS)
    return moment + dt.timedelta(minutes=int(rng.triangular(0, minutes, minutes / 3)))


class Day:
    """One card's attempts on one day, judged as the processor judges them."""

    def __init__(
        self, card: SimCard, purse: Purse, day: dt.date, rules: "DayRules", rng: random.Random
    ) -> None:
        self.card, self.purse, self.day, self.rules, self.rng = card, purse, day, rules, rng
        self.spent = 0
        self.lines: list[list[str]] = []

    def attempt(self, at: dt.datetime, cents: int, category: str) -> None:
        usable = self.purse.usable(self.day, self.rules.limits)
        # Most holders know what is left and pay just that; a few try and are refused.
        active = self.card.status == Card.Status.ACTIVE
        if 0 < usable < cents and active and self.rng.random() < 0.85:
            cents = usable
        outcome = self._judge(cents, category)
        if outcome == "ACCEPTED":
            self.spent += cents
            self.purse.spend(cents, self.day, self.rules.limits)
        balance = self.purse.usable(self.day, self.rules.limits)
        reference = f"SIM-{self.card.pk}-{at:%Y%m%d%H%M%S}-{len(self.lines)}"
        cells = [reference, str(self.card.pk), at.isoformat(), str(cents), category, outcome]
        self.lines.append([*cells, str(max(balance, 0))])

    def _judge(self, cents: int, category: str) -> str:
        card = self.card
        if card.status == Card.Status.BLOCKED:
            return "CARD_BLOCKED"
        if card.status != Card.Status.ACTIVE or (
            card.expiry_date is not None and self.day > card.expiry_date
        ):
            return "CARD_NOT_ACTIVE"
        if category == "NON_FOOD":
            return "NON_FOOD_MERCHANT"
        if self.rules.is_rest_day(self.day) and not card.allows_sunday:
            return "SUNDAY_OR_HOLIDAY"
        if self.spent + cents > self.rules.daily_cap_cents:
            return "DAILY_CAP"
        if cents > self.purse.usable(self.day, self.rules.limits):
            return "INSUFFICIENT_BALANCE"
        return "ACCEPTED"


@dataclass
class DayRules:
    daily_cap_cents: int
    public_holidays: holidays.HolidayBase
    limits: dict[int, dt.date]

    def is_rest_day(self, day: dt.date) -> bool:
        return day.weekday() == 6 or day in self.public_holidays


def _day_of(card: SimCard, purse: Purse, day: dt.date, rules: DayRules) -> list[list[str]]:
    rng = random.Random(f"{card.pk}:{day.isoformat()}")  # noqa: S311 - a demo, not a secret
    today = Day(card, purse, day, rules, rng)
    usable = purse.usable(day, rules.limits)
    if card.status != Card.Status.ACTIVE:
        if rng.random() < 0.03:  # a holder tries a card not activated yet, or in opposition
            today.attempt(_at(day, rng, (12, 0), 90), rng.randint(600, 1400), "RESTAURANT")
        return today.lines
    if usable <= 0:
        if rng.random() < 0.02:
            today.attempt(_at(day, rng, (12, 0), 90), rng.randint(600, 1400), "RESTAURANT")
        return today.lines
    rest_day = rules.is_rest_day(day)
    if rest_day:
        if rng.random() < (0.15 if card.allows_sunday else 0.02):
            today.attempt(_at(day, rng, (11, 0), 240), rng.randint(500, 1500), "BAKERY")
        return today.lines
    if day.weekday() == 5:
        if rng.random() < 0.2:
            today.attempt(_at(day, rng, (10, 0), 360), rng.randint(800, 2200), "SUPERMARKET")
        return today.lines
    if rng.random() < 0.72:
        today.attempt(_at(day, rng, (11, 45), 150), rng.randint(650, 1450), _pick(rng, LUNCH))
    if rng.random() < 0.12:
        cents = rng.randint(400, 1800)
        today.attempt(_at(day, rng, (17, 0), 180), cents, _pick(rng, EVENING))
    if rng.random() < 0.004:
        today.attempt(_at(day, rng, (15, 0), 120), rng.randint(1500, 4000), "NON_FOOD")
    return today.lines


def _cards(clients: list[Client]) -> list[SimCard]:
    allows = {client.pk: client.allows_sunday_use for client in clients}
    return [
        SimCard(pk, status, expiry, allows[client_id])
        for pk, status, expiry, client_id in Card.objects.filter(
            client__in=clients, status__in=SIMULATED_CARD_STATUSES
        )
        .order_by("pk")
        .values_list("pk", "status", "expiry_date", "client_id")
    ]


def _purses(cards: list[SimCard]) -> dict[int, Purse]:
    """Each card's money in the ledger now, by year of titres."""
    purses: dict[int, Purse] = defaultdict(Purse)
    entries = LedgerEntry.objects.filter(card_id__in=[card.pk for card in cards])
    for card, year, cents in entries.values_list("card_id", "load_year", "amount_cents"):
        purse = purses[card]
        purse.years[year] = purse.years.get(year, 0) + cents
    return purses


def _loads_by_day(
    cards: list[SimCard], loads_from: dt.date | None
) -> dict[dt.date, list[tuple[int, int, int]]]:
    found: dict[dt.date, list[tuple[int, int, int]]] = defaultdict(list)
    loads = LedgerEntry.objects.filter(
        card_id__in=[card.pk for card in cards], kind=LedgerEntry.Kind.LOAD
    )
    for card, year, cents, at in loads.values_list(
        "card_id", "load_year", "amount_cents", "recorded_at"
    ):
        day = timezone.localtime(at, PARIS).date()
        found[min(day, loads_from) if loads_from else day].append((card, year, cents))
    return found


def simulated_lines(
    *,
    clients: list[Client],
    first_day: dt.date,
    last_day: dt.date,
    loads_from: dt.date | None = None,
) -> list[list[str]]:
    """The processor's lines for these clients' cards from `first_day` to `last_day`, each
    day's purchases paid with the money the card held that day. `loads_from` (the demo's)
    makes every load count from that day at the latest, as if credited then."""
    cards = _cards(clients)
    if not cards or first_day > last_day:
        return []
    loads = _loads_by_day(cards, loads_from)
    # Start from the ledger as it stands, minus the loads still to come within the period.
    purses = _purses(cards)
    for day, credited in loads.items():
        if day >= first_day:
            for card_id, year, cents in credited:
                purses[card_id].years[year] -= cents
    years = range(first_day.year - 2, last_day.year + 1)
    rules = DayRules(
        daily_cap_cents=rules_at(last_day).daily_spending_cap_cents,
        public_holidays=holidays.country_holidays("FR", years=years),
        limits={year: usable_until(year) for year in years},
    )
    lines: list[list[str]] = []
    day = first_day
    while day <= last_day:
        for card_id, year, cents in loads.get(day, []):
            purses[card_id].years[year] = purses[card_id].years.get(year, 0) + cents
        for card in cards:
            lines.extend(_day_of(card, purses[card.pk], day, rules))
        day += dt.timedelta(days=1)
    lines.sort(key=lambda cells: cells[2])
    return lines


def _first_day(clients: list[Client], since: dt.date | None) -> dt.date | None:
    """The day after the last simulated one, or the first day a card was loaded."""
    last = CardTransaction.objects.filter(
        client__in=clients, reference__startswith="SIM-"
    ).aggregate(last=Max("day"))["last"]
    if last is not None:
        return last + dt.timedelta(days=1)
    if since is not None:
        return since
    first = LedgerEntry.objects.filter(client__in=clients, kind=LedgerEntry.Kind.LOAD).aggregate(
        first=Min("recorded_at")
    )["first"]
    return None if first is None else timezone.localtime(first, PARIS).date()


def simulate_until(
    *, today: dt.date, now: dt.datetime, since: dt.date | None = None
) -> ImportOutcome | None:
    """Every completed day not yet simulated, for every client, as one signed file imported
    like the processor's. Nothing to do (no card loaded, or yesterday done): None. The demo
    passes `since` (the first of last month, when its orders were paid): the first run starts
    there, its loads counted from that day."""
    clients = list(Client.objects.all())
    first = _first_day(clients, since)
    last = today - dt.timedelta(days=1)
    if first is None or first > last:
        return None
    lines = simulated_lines(
        clients=clients, first_day=first, last_day=last, loads_from=since and first
    )
    if not lines:
        return None
    with tempfile.TemporaryDirectory(prefix="titresto-sim-") as folder:
        path = Path(folder) / f"simulateur-{first:%Y%m%d}-{last:%Y%m%d}.csv"
        with path.open("w", encoding="utf-8", newline="") as out:
            out.write(";".join(HEADER) + "\r\n")
            out.writelines(";".join(cells) + "\r\n" for cells in lines)
        signature, _sha = file_signature(path, processor_secret())
        return transactions_file_import(
            path=path, signature=signature, now=now, source=TransactionImport.Source.SIMULATOR
        )
