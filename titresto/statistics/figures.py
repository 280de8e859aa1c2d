"""« Statistiques d'utilisation carte »: every figure of the page, for an actor, a period and
optionally a delivery point, read from the rollups and the cards in a fixed number of queries
whatever the number of transactions (never the transactions themselves).

Only aggregates leave this module, folded by `statistics.privacy` (no group of fewer than five
beneficiaries), and a delivery point with fewer than five card holders cannot be chosen.
"""

import calendar
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, Max, OuterRef, Q, Sum
from django.utils import timezone
from django.utils.dates import MONTHS, WEEKDAYS
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from titresto.cards.models import Card, CardBalance, CardEvent, LedgerDay, LedgerEntry
from titresto.core.actors import Actor
from titresto.core.errors import DomainError
from titresto.core.rules import rules_at
from titresto.delivery.models import DeliveryPoint
from titresto.statistics.lines import PARIS
from titresto.statistics.models import (
    CardFirstUse,
    DailyUsage,
    HourlyUsage,
    MerchantCategory,
    Outcome,
)
from titresto.statistics.privacy import MINIMUM, Group, fold

LIVE = list(Card.LIVE_STATUSES)
ADVICE: dict[str, Any] = {
    Outcome.DAILY_CAP: _(
        "Le plafond légal est de 25 € par jour et par salarié : il ne peut pas être relevé. "
        "Rappelez-le à vos salariés (le reste se paie autrement)."
    ),
    Outcome.SUNDAY_OR_HOLIDAY: _(
        "Si des salariés travaillent le dimanche ou les jours fériés, demandez l'option "
        "« utilisation les dimanches et jours fériés » (Mon compte)."
    ),
    Outcome.CARD_NOT_ACTIVE: _(
        "Le titulaire doit activer sa carte à réception : relancez les bénéficiaires dont la "
        "carte est expédiée mais pas encore active."
    ),
    Outcome.CARD_BLOCKED: _(
        "Une carte en opposition ne paie plus : commandez une carte de remplacement si ce "
        "n'est pas déjà fait."
    ),
    Outcome.INSUFFICIENT_BALANCE: _(
        "Le solde ne suffisait pas : vérifiez que les chargements du mois sont crédités "
        "(Suivi de mes commandes)."
    ),
    Outcome.NON_FOOD_MERCHANT: _(
        "Les titres-restaurant ne paient que des repas et des produits alimentaires : "
        "rappelez où la carte est acceptée."
    ),
}


class PointTooSmall(DomainError):
    code = "point_too_small"


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date  # included
    label: str

    def bounds(self) -> tuple[dt.datetime, dt.datetime]:
        """[start, end) as aware datetimes, local midnights."""
        start = dt.datetime.combine(self.start, dt.time(), tzinfo=PARIS)
        return start, dt.datetime.combine(self.end + dt.timedelta(days=1), dt.time(), tzinfo=PARIS)


@dataclass(frozen=True)
class PointChoice:
    public_id: str
    pk: int
    label: str
    holders: int

    @property
    def is_too_small(self) -> bool:
        return self.holders < MINIMUM


@dataclass(frozen=True)
class Refusal:
    group: Group
    advice: str


@dataclass(frozen=True)
class Month:
    label: str
    loaded_cents: int
    spent_cents: int | None  # None: fewer than five beneficiaries paid that month
    transactions: int | None


@dataclass
class UsageFigures:
    period: Period
    point: PointChoice | None
    loaded_cents: int = 0
    spent_cents: int = 0
    expired_cents: int = 0
    accepted: int = 0
    refused: int = 0
    cards_ordered: int = 0
    cards_activated: int = 0
    cards_active: int = 0
    cards_never_used: int = 0
    holders: int = 0
    expiring_cents: int = 0
    expiring_beneficiaries: int = 0
    expiring_on: dt.date | None = None
    by_category: list[Group] = field(default_factory=list)
    by_weekday: list[Group] = field(default_factory=list)
    by_hour: list[Group] = field(default_factory=list)
    refusals: list[Refusal] = field(default_factory=list)
    months: list[Month] = field(default_factory=list)
    folded: bool = False

    @property
    def usage_rate(self) -> int | None:
        """Percent of the period's loads spent in it."""
        return round(100 * self.spent_cents / self.loaded_cents) if self.loaded_cents else None

    @property
    def refusal_rate(self) -> int | None:
        total = self.accepted + self.refused
        return round(100 * self.refused / total) if total else None

    @property
    def too_few_people(self) -> bool:
        return self.holders < MINIMUM


def statistics_points(*, actor: Actor) -> list[PointChoice]:
    """The client's delivery points with their number of card holders (one query)."""
    holders = Count(
        "beneficiaries__cards",
        filter=Q(beneficiaries__cards__status__in=LIVE),
        distinct=True,
    )
    rows = (
        DeliveryPoint.objects.filter(client=actor.client)
        .annotate(holders=holders)
        .order_by("name", "pk")
        .values_list("public_id", "pk", "name", "code", "holders")
    )
    return [
        PointChoice(public_id, pk, f"{name} ({code})", count)
        for public_id, pk, name, code, count in rows
    ]


def next_expiry(today: dt.date) -> dt.date:
    """The next day a year's titres stop being usable (the end of February), by the rules in
    force today (one query)."""
    rules = rules_at(today)
    last_year = rules.load_usable_until(today.year - 1)
    return last_year if today <= last_year else rules.load_usable_until(today.year)


def _scoped(rows: Any, actor: Actor, point: PointChoice | None, path: str = "point_id") -> Any:
    rows = rows.filter(client=actor.client)
    return rows.filter(**{path: point.pk}) if point is not None else rows


def _categories(figures: UsageFigures, rows: list[dict[str, Any]]) -> None:
    labels = dict(MerchantCategory.choices)
    reasons = dict(Outcome.choices)
    spending: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    refusals: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for row in rows:
        target = (
            spending[row["category"]]
            if row["outcome"] == Outcome.ACCEPTED
            else (refusals[row["outcome"]])
        )
        target[0] += row["count"]
        target[1] += row["amount"]
        target[2] = max(target[2], row["cards"])
    figures.accepted = sum(values[0] for values in spending.values())
    figures.spent_cents = sum(values[1] for values in spending.values())
    figures.refused = sum(values[0] for values in refusals.values())
    categories = [
        Group(key, str(labels[key]), *spending[key])
        for key in MerchantCategory.values
        if key in spending
    ]
    figures.by_category, folded_a = fold(categories)
    reasons_shown, folded_b = fold(
        [Group(key, str(reasons[key]), *refusals[key]) for key in Outcome.values if key in refusals]
    )
    figures.refusals = [Refusal(group, str(ADVICE.get(group.key, ""))) for group in reasons_shown]
    figures.folded = figures.folded or folded_a or folded_b


def _times(figures: UsageFigures, rows: list[tuple[dt.date, int, int, int, int]]) -> dict:
    weekdays: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0])
    hours: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0])
    months: dict[tuple[int, int], list[int]] = defaultdict(lambda: [0, 0, 0])
    for day, hour, count, amount, cards in rows:
        for target in (weekdays[day.weekday()], hours[hour], months[(day.year, day.month)]):
            target[0] += count
            target[1] += amount
            target[2] = max(target[2], cards)
    figures.by_weekday, folded_a = fold(
        [Group(str(day), str(WEEKDAYS[day]), *weekdays[day]) for day in range(7) if day in weekdays]
    )
    figures.by_hour, folded_b = fold(
        [Group(str(hour), f"{hour} h", *hours[hour]) for hour in sorted(hours)]
    )
    figures.folded = figures.folded or folded_a or folded_b
    return months


def _month_keys(period: Period) -> list[tuple[int, int]]:
    keys, year, month = [], period.start.year, period.start.month
    while (year, month) <= (period.end.year, period.end.month):
        keys.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return keys


def _months(figures: UsageFigures, spent: dict, loaded: dict[tuple[int, int], int]) -> None:
    for key in _month_keys(figures.period):
        count, amount, cards = spent.get(key, (0, 0, 0))
        hidden = count > 0 and cards < MINIMUM
        figures.months.append(
            Month(
                label=f"{MONTHS[key[1]]} {key[0]}",
                loaded_cents=loaded.get(key, 0),
                spent_cents=None if hidden else amount,
                transactions=None if hidden else count,
            )
        )
        figures.folded = figures.folded or hidden


def usage_figures(
    *, actor: Actor, period: Period, point: PointChoice | None, today: dt.date
) -> UsageFigures:
    """Every figure of the page (5 queries, plus the points the caller read)."""
    figures = UsageFigures(period=period, point=point)
    days = {"day__gte": period.start, "day__lte": period.end}
    by_outcome = (
        _scoped(DailyUsage.objects.filter(**days), actor, point)
        .values("category", "outcome")
        .annotate(
            count=Sum("transaction_count"), amount=Sum("amount_cents"), cards=Max("card_count")
        )
        .order_by()
    )
    _categories(figures, list(by_outcome))
    by_time = (
        _scoped(HourlyUsage.objects.filter(**days), actor, point)
        .values_list("day", "hour")
        .annotate(Sum("transaction_count"), Sum("amount_cents"), Max("card_count"))
        .order_by()
    )
    spent_by_month = _times(figures, list(by_time))
    loaded: dict[tuple[int, int], int] = defaultdict(int)
    ledger_days = (
        _scoped(LedgerDay.objects.filter(**days), actor, point)
        .exclude(kind=LedgerEntry.Kind.SPEND)
        .values_list("day", "kind")
        .annotate(Sum("amount_cents"))
        .order_by()
    )
    for day, kind, amount in ledger_days:
        if kind == LedgerEntry.Kind.LOAD:
            figures.loaded_cents += amount
            loaded[(day.year, day.month)] += amount
        else:
            figures.expired_cents -= amount
    _months(figures, spent_by_month, loaded)
    start, end = period.bounds()
    used = CardFirstUse.objects.filter(card_id=OuterRef("pk"))
    cards = _scoped(Card.objects.all(), actor, point, "beneficiary__delivery_point_id").aggregate(
        ordered=Count("pk", filter=Q(created_at__gte=start, created_at__lt=end)),
        active=Count("pk", filter=Q(status=Card.Status.ACTIVE)),
        holders=Count("pk", filter=Q(status__in=LIVE)),
        never_used=Count("pk", filter=Q(status=Card.Status.ACTIVE) & ~Exists(used)),
    )
    figures.cards_ordered, figures.cards_active = cards["ordered"], cards["active"]
    figures.holders, figures.cards_never_used = cards["holders"], cards["never_used"]
    figures.cards_activated = (
        _scoped(
            CardEvent.objects.filter(to_status=Card.Status.ACTIVE, created_at__gte=start),
            actor,
            point,
            "card__beneficiary__delivery_point_id",
        )
        .filter(created_at__lt=end)
        .count()
    )
    figures.expiring_on = next_expiry(today)
    expiring = _scoped(
        CardBalance.objects.filter(usable_until=figures.expiring_on, balance_cents__gt=0),
        actor,
        point,
        "card__beneficiary__delivery_point_id",
    ).aggregate(amount=Sum("balance_cents"), cards=Count("card_id", distinct=True))
    figures.expiring_cents = expiring["amount"] or 0
    figures.expiring_beneficiaries = expiring["cards"]
    return figures


def point_for(points: list[PointChoice], public_id: str) -> PointChoice | None:
    """The chosen point, refused when it has too few card holders to hide anyone."""
    if not public_id:
        return None
    point = next((choice for choice in points if choice.public_id == public_id), None)
    if point is not None and point.is_too_small:
        raise PointTooSmall(
            _(
                "Ce point de livraison compte moins de %(minimum)s porteurs de carte : ses "
                "chiffres désigneraient des personnes. Choisissez « Tous les points »."
            )
            % {"minimum": MINIMUM},
            field="point",
        )
    return point


def month_period(year: int, month: int) -> Period:
    last = calendar.monthrange(year, month)[1]
    return Period(dt.date(year, month, 1), dt.date(year, month, last), f"{MONTHS[month]} {year}")


def quarter_period(year: int, quarter: int) -> Period:
    first = 3 * quarter - 2
    last = calendar.monthrange(year, first + 2)[1]
    label = _("%(quarter)se trimestre %(year)s") % {"quarter": quarter, "year": year}
    return Period(dt.date(year, first, 1), dt.date(year, first + 2, last), str(label))


def year_period(year: int) -> Period:
    return Period(dt.date(year, 1, 1), dt.date(year, 12, 31), str(year))


def custom_period(start: dt.date, end: dt.date) -> Period:
    label = _("du %(start)s au %(end)s") % {
        "start": date_format(start, "SHORT_DATE_FORMAT"),
        "end": date_format(end, "SHORT_DATE_FORMAT"),
    }
    return Period(start, end, str(label))


def this_month(now: dt.datetime) -> Period:
    today = timezone.localdate(now)
    return month_period(today.year, today.month)


@dataclass(frozen=True)
class UsagePanel:
    """The dashboard's: this month's usage rate and what expires at the next end of February."""

    loaded_cents: int
    spent_cents: int
    expiring_cents: int
    expiring_beneficiaries: int
    expiring_on: dt.date

    @property
    def usage_rate(self) -> int | None:
        return round(100 * self.spent_cents / self.loaded_cents) if self.loaded_cents else None


def usage_panel(*, actor: Actor, today: dt.date) -> UsagePanel:
    """Three queries: this month's accepted spending and loads, the balances that expire next."""
    month = month_period(today.year, today.month)
    days = {"client": actor.client, "day__gte": month.start, "day__lte": month.end}
    spent = DailyUsage.objects.filter(outcome=Outcome.ACCEPTED, **days).aggregate(
        total=Sum("amount_cents")
    )["total"]
    loaded = LedgerDay.objects.filter(kind=LedgerEntry.Kind.LOAD, **days).aggregate(
        total=Sum("amount_cents")
    )["total"]
    expiring_on = next_expiry(today)
    expiring = CardBalance.objects.filter(
        client=actor.client, usable_until=expiring_on, balance_cents__gt=0
    ).aggregate(amount=Sum("balance_cents"), cards=Count("card_id", distinct=True))
    return UsagePanel(
        loaded_cents=loaded or 0,
        spent_cents=spent or 0,
        expiring_cents=expiring["amount"] or 0,
        expiring_beneficiaries=expiring["cards"],
        expiring_on=expiring_on,
    )
