"""The price of an order: one pure function of the terms it is priced with and its lines.

The review, the order's page, the documents and `titresto import-order` all call `price`; a
document stores what it returned. Amounts are integer cents and percentages basis points
(60,00 % → 6000), so 100 000 lines are integer arithmetic with one rounding rule (DOMAIN.md):
half-up, per line, then summed.
"""

from collections.abc import Hashable, Iterable
from dataclasses import asdict, dataclass

from titresto.clients.services import ContractTerms
from titresto.core.money import basis_points
from titresto.core.rules import Rules

WHOLE = 10_000  # 100,00 % in basis points


def share_of(cents: int, rate_basis_points: int) -> int:
    """`cents × rate`, rounded half-up to the cent (amounts here are never negative)."""
    return (cents * rate_basis_points + WHOLE // 2) // WHOLE


def over_cap_from(cap_cents: int) -> int:
    """The least `face value (cents) × employer share (basis points)` whose share per titre,
    rounded as `share_of` rounds it, is over `cap_cents`: what a query compares lines with."""
    return (cap_cents + 1) * WHOLE - WHOLE // 2


@dataclass(frozen=True, slots=True)
class PricingTerms:
    """What an order is priced with: the contract's fees and the VAT rate in force. The order
    keeps a copy, so that a later contract or rule change never alters a past order."""

    commission_basis_points: int
    commission_min_cents: int
    card_fee_cents: int
    delivery_fee_cents: int
    home_delivery_fee_cents: int
    fee_vat_basis_points: int

    @classmethod
    def of(cls, terms: ContractTerms, rules: Rules) -> "PricingTerms":
        return cls(
            commission_basis_points=basis_points(terms.commission_rate),
            commission_min_cents=terms.commission_min_cents,
            card_fee_cents=terms.card_fee_cents,
            delivery_fee_cents=terms.delivery_fee_cents,
            home_delivery_fee_cents=terms.home_delivery_fee_cents,
            fee_vat_basis_points=rules.fee_vat_basis_points,
        )


@dataclass(frozen=True, slots=True)
class PriceLine:
    """One line as pricing sees it. `parcel` names the parcel the line's new card travels in
    (a delivery point, or one home address): lines with the same key share one parcel."""

    titres: int
    face_value_cents: int
    employer_share_basis_points: int
    card: bool = False
    ships_home: bool = False
    parcel: Hashable | None = None


@dataclass(frozen=True, slots=True)
class LinePrice:
    face_value_cents: int
    employer_share_cents: int
    employee_share_cents: int
    commission_cents: int


def line_price(terms: PricingTerms, line: PriceLine) -> LinePrice:
    """The employer's share is rounded per titre, then multiplied: the payslip deducts the
    employee's share per titre, and the exemption cap is a cap per titre."""
    face = line.titres * line.face_value_cents
    employer = line.titres * share_of(line.face_value_cents, line.employer_share_basis_points)
    return LinePrice(
        face_value_cents=face,
        employer_share_cents=employer,
        employee_share_cents=face - employer,
        commission_cents=share_of(face, terms.commission_basis_points),
    )


@dataclass(frozen=True, slots=True)
class Breakdown:
    lines: int
    titres: int
    face_value_cents: int  # outside the scope of VAT: a means of payment
    employer_share_cents: int
    employee_share_cents: int
    commission_cents: int  # after the minimum
    commission_minimum_applied: bool
    cards: int
    card_fees_cents: int
    parcels: int
    delivery_fees_cents: int
    home_cards: int
    home_delivery_fees_cents: int
    fees_excl_vat_cents: int
    fee_vat_basis_points: int
    vat_cents: int
    total_cents: int

    def as_dict(self) -> dict[str, int | bool]:
        return asdict(self)


def price(terms: PricingTerms, lines: Iterable[PriceLine]) -> Breakdown:
    """Lines are rounded one by one and summed; the VAT is then taken once on the fees, as
    EN 16931 computes it on an invoice (the tax of a category is its taxable base × its rate),
    so the fees invoice shows exactly this figure."""
    count = titres = face = employer = commission = cards = home_cards = 0
    parcels: set[Hashable] = set()
    for line in lines:
        priced = line_price(terms, line)
        count += 1
        titres += line.titres
        face += priced.face_value_cents
        employer += priced.employer_share_cents
        commission += priced.commission_cents
        if line.card:
            cards += 1
            home_cards += line.ships_home
            if line.parcel is not None:
                parcels.add(line.parcel)
    minimum_applied = count > 0 and commission < terms.commission_min_cents
    if minimum_applied:
        commission = terms.commission_min_cents
    card_fees = cards * terms.card_fee_cents
    delivery_fees = len(parcels) * terms.delivery_fee_cents
    home_fees = home_cards * terms.home_delivery_fee_cents
    fees = commission + card_fees + delivery_fees + home_fees
    vat = share_of(fees, terms.fee_vat_basis_points)
    return Breakdown(
        lines=count,
        titres=titres,
        face_value_cents=face,
        employer_share_cents=employer,
        employee_share_cents=face - employer,
        commission_cents=commission,
        commission_minimum_applied=minimum_applied,
        cards=cards,
        card_fees_cents=card_fees,
        parcels=len(parcels),
        delivery_fees_cents=delivery_fees,
        home_cards=home_cards,
        home_delivery_fees_cents=home_fees,
        fees_excl_vat_cents=fees,
        fee_vat_basis_points=terms.fee_vat_basis_points,
        vat_cents=vat,
        total_cents=face + fees + vat,
    )
