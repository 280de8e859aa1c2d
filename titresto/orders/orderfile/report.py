"""What a validated order file gives: its issues, and lines ready for pricing and for writing."""

import datetime as dt
from collections.abc import Hashable
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from titresto.core.money import basis_points
from titresto.orders.orderfile.issues import Issue, IssueLog
from titresto.orders.pricing import PriceLine


class CardAction(StrEnum):
    NONE = "NONE"
    NEW = "NEW"


class ShipsTo(StrEnum):
    POINT = "POINT"
    HOME = "HOME"


@dataclass(frozen=True, slots=True)
class HomeAddress:
    line1: str
    line2: str
    postcode: str
    city: str


@dataclass(frozen=True, slots=True)
class Destination:
    """Where a card ships: a delivery point, or a home. A HOME with no `address` is the
    beneficiary's home address on file (copied onto the order line when it is written)."""

    ships_to: ShipsTo
    delivery_point_id: int | None = None
    address: HomeAddress | None = None


@dataclass(frozen=True, slots=True)
class OrderFileLine:
    """One line of the order. `beneficiary_id` is None for a person the order creates (their
    record is in `ValidationReport.new_beneficiaries`, under the same matricule)."""

    line: int
    matricule: str
    beneficiary_id: int | None
    titres: int
    face_value_cents: int
    employer_share: Decimal
    card: CardAction
    destination: Destination | None  # None when no card is made

    def price_line(self) -> PriceLine:
        return PriceLine(
            titres=self.titres,
            face_value_cents=self.face_value_cents,
            employer_share_basis_points=basis_points(self.employer_share),
            card=self.card is not CardAction.NONE,
            ships_home=self.destination is not None and self.destination.ships_to is ShipsTo.HOME,
            parcel=self._parcel(),
        )

    def _parcel(self) -> Hashable | None:
        """One parcel per delivery point, and one per home address: a home on file is the
        person's own (two people of the file may share a typed address, not a filed one)."""
        destination = self.destination
        if destination is None:
            return None
        if destination.ships_to is ShipsTo.POINT:
            return ("point", destination.delivery_point_id)
        if destination.address is None:
            return ("home on file", self.matricule)
        return ("home", destination.address)


@dataclass(frozen=True, slots=True)
class NewBeneficiary:
    line: int
    matricule: str
    civility: str
    last_name: str
    first_name: str
    birth_date: dt.date
    email: str
    destination: Destination


@dataclass(frozen=True, slots=True)
class ProposedUpdate:
    """A known beneficiary whose file line differs from the record: applied only if accepted."""

    line: int
    beneficiary_id: int
    matricule: str
    field: str  # the Beneficiary field: last_name, first_name or birth_date
    on_file: str
    in_file: str


@dataclass(frozen=True)
class ValidationReport:
    lines_read: int
    errors: list[Issue]
    warnings: list[Issue]
    error_count: int
    warning_count: int
    lines: list[OrderFileLine] = field(default_factory=list)
    new_beneficiaries: list[NewBeneficiary] = field(default_factory=list)
    updates: list[ProposedUpdate] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        return self.error_count == 0

    @property
    def errors_not_kept(self) -> int:
        return self.error_count - len(self.errors)

    @property
    def warnings_not_kept(self) -> int:
        return self.warning_count - len(self.warnings)

    @classmethod
    def refused(cls, log: IssueLog, *, lines_read: int) -> "ValidationReport":
        """Nothing of a refused file is kept but its issues."""
        return cls(
            lines_read=lines_read,
            errors=log.errors,
            warnings=log.warnings,
            error_count=log.error_count,
            warning_count=log.warning_count,
        )
