"""The regulatory rules in force on a day, read from the date-effective `RuleSet` table.

Callers hold a `Rules` (a frozen copy of one row), never the row: pricing and validation are
pure functions of it, and tests build one without a database.
"""

import calendar
import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from titresto.core.errors import DomainError
from titresto.core.models import RuleSet
from titresto.core.money import basis_points


class NoRulesInForce(DomainError):
    code = "no_rules_in_force"


@dataclass(frozen=True, slots=True)
class Rules:
    valid_from: dt.date
    fee_vat_rate: Decimal
    exemption_cap_cents: int
    daily_spending_cap_cents: int
    employer_share_min: Decimal
    employer_share_max: Decimal
    groceries_allowed: bool
    groceries_allowed_until: dt.date | None
    loads_usable_until_month: int

    @property
    def fee_vat_basis_points(self) -> int:
        return basis_points(self.fee_vat_rate)

    @property
    def employer_share_range_basis_points(self) -> tuple[int, int]:
        return basis_points(self.employer_share_min), basis_points(self.employer_share_max)

    def groceries_allowed_on(self, day: dt.date) -> bool:
        if not self.groceries_allowed:
            return False
        return self.groceries_allowed_until is None or day <= self.groceries_allowed_until

    def load_usable_until(self, load_year: int) -> dt.date:
        """Loads of year N are spent until the end of a month of N+1 (February in 2026)."""
        year, month = load_year + 1, self.loads_usable_until_month
        return dt.date(year, month, calendar.monthrange(year, month)[1])

    def fully_exempt_face_value_cents(self, employer_share: Decimal) -> int:
        """The highest face value whose employer share per titre stays within the cap."""
        return self.exemption_cap_cents * 10_000 // basis_points(employer_share)


def rules_from_row(row: RuleSet) -> Rules:
    return Rules(
        valid_from=row.valid_from,
        fee_vat_rate=row.fee_vat_rate,
        exemption_cap_cents=row.exemption_cap_cents,
        daily_spending_cap_cents=row.daily_spending_cap_cents,
        employer_share_min=row.employer_share_min,
        employer_share_max=row.employer_share_max,
        groceries_allowed=row.groceries_allowed,
        groceries_allowed_until=row.groceries_allowed_until,
        loads_usable_until_month=row.loads_usable_until_month,
    )


def rules_at(day: dt.date) -> Rules:
    """The row in force on `day`: the latest whose `valid_from` is on or before it."""
    row = RuleSet.objects.filter(valid_from__lte=day).order_by("-valid_from").first()
    if row is None:
        raise NoRulesInForce(
            _(
                "Aucune règle réglementaire (plafond d'exonération, TVA) n'est connue pour le "
                "%(day)s : choisissez une date plus récente, ou signalez-le au support."
            )
            % {"day": date_format(day, "SHORT_DATE_FORMAT")}
        )
    return rules_from_row(row)
