"""What a document says, as plain frozen values: the PDF and the CII XML are both drawn from it,
so the two can never disagree. Built by pure functions from an order's stored breakdown (the
pricing function's own figures: documents never price again) and the issuer's settings.
"""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.conf import settings

from titresto.orders.pricing import share_of

# DOMAIN.md « Two documents per paid order ».
FACE_VALUE_EXEMPTION = "Hors champ d'application de la TVA — titres-restaurant, valeur libératoire"
FACE_VALUE_EXEMPTION_CODE = "VATEX-EU-O"
RECOVERY_INDEMNITY = (
    "Indemnité forfaitaire pour frais de recouvrement en cas de retard de paiement : 40 € "
    "(articles L441-10 et D441-5 du Code de commerce)."
)
NO_DISCOUNT = "Pas d'escompte pour paiement anticipé."

# UNTDID 1001 (EN 16931's list) and 4461.
TYPE_CODES = {
    "FEES_INVOICE": "380",
    "FACE_VALUE": "380",
    "CREDIT_NOTE": "381",
    "PROFORMA": "325",
}
# A refund (credit note) is settled by agreement: « 1 », instrument not defined.
PAYMENT_MEANS = {"CARD": "48", "TRANSFER": "58", "REFUND": "1"}


@dataclass(frozen=True)
class Party:
    name: str
    siret: str
    vat_number: str
    address_line1: str
    address_line2: str
    postcode: str
    city: str
    country: str = "FR"
    legal_form: str = ""

    @property
    def siren(self) -> str:
        return self.siret[:9]


@dataclass(frozen=True)
class Line:
    position: int
    label: str
    quantity: int
    unit_price_cents: int
    total_cents: int
    vat_category: str  # "S" or "O"
    vat_rate_basis_points: int | None


@dataclass(frozen=True)
class VatBreakdown:
    category: str
    rate_basis_points: int | None
    basis_cents: int
    tax_cents: int
    exemption_reason: str = ""
    exemption_code: str = ""


@dataclass(frozen=True)
class Reference:
    """Another document this one names (the twin invoice, the invoice a credit note corrects)."""

    label: str
    number: str
    issue_date: dt.date | None = None


@dataclass(frozen=True)
class Content:
    kind: str
    title: str
    number: str
    issue_date: dt.date
    service_date: dt.date
    due_date: dt.date
    seller: Party
    buyer: Party
    order_number: str
    contract_number: str
    lines: Sequence[Line]
    breakdowns: Sequence[VatBreakdown]
    paid_cents: int
    payment_method: str  # "CARD" or "TRANSFER"
    payment_reference: str = ""
    iban: str = ""
    bic: str = ""
    references: Sequence[Reference] = ()
    corrects: Reference | None = None
    reason: str = ""
    delivery_addresses: Sequence[str] = ()
    notes: Sequence[tuple[str, str]] = field(default=())

    @property
    def type_code(self) -> str:
        return TYPE_CODES[self.kind]

    @property
    def total_excl_vat_cents(self) -> int:
        return sum(line.total_cents for line in self.lines)

    @property
    def vat_cents(self) -> int:
        return sum(breakdown.tax_cents for breakdown in self.breakdowns)

    @property
    def total_cents(self) -> int:
        return self.total_excl_vat_cents + self.vat_cents

    @property
    def due_cents(self) -> int:
        return self.total_cents - self.paid_cents

    @property
    def is_subject_to_vat(self) -> bool:
        return any(breakdown.category == "S" for breakdown in self.breakdowns)


def issuer_party() -> Party:
    issuer = settings.ISSUER
    return Party(
        name=issuer["legal_name"],
        siret=issuer["siret"],
        vat_number=issuer["vat_number"],
        address_line1=issuer["address_line1"],
        address_line2="",
        postcode=issuer["postcode"],
        city=issuer["city"],
        legal_form=issuer["legal_form"],
    )


def legal_notes() -> tuple[tuple[str, str], ...]:
    """The mentions French law requires on every invoice (UNTDID 4451 subject codes)."""
    penalty = settings.ISSUER["late_penalty"]
    return (
        ("PMD", f"Pénalités de retard : {penalty}."),
        ("PMT", RECOVERY_INDEMNITY),
        ("AAB", NO_DISCOUNT),
    )


def vat_breakdowns(lines: Sequence[Line]) -> tuple[VatBreakdown, ...]:
    """One breakdown per category and rate, its tax taken once on its base and rounded half-up
    (EN 16931 BR-CO-17, and how `orders.pricing` computes the order's VAT)."""
    groups: dict[tuple[str, int | None], int] = {}
    for line in lines:
        key = (line.vat_category, line.vat_rate_basis_points)
        groups[key] = groups.get(key, 0) + line.total_cents
    breakdowns = []
    for (category, rate), basis in groups.items():
        if category == "O":
            breakdowns.append(
                VatBreakdown(
                    category="O",
                    rate_basis_points=None,
                    basis_cents=basis,
                    tax_cents=0,
                    exemption_reason=FACE_VALUE_EXEMPTION,
                    exemption_code=FACE_VALUE_EXEMPTION_CODE,
                )
            )
        else:
            breakdowns.append(
                VatBreakdown(
                    category=category,
                    rate_basis_points=rate,
                    basis_cents=basis,
                    tax_cents=share_of(basis, rate or 0),
                )
            )
    return tuple(breakdowns)


def numbered(lines: Sequence[tuple[str, int, int, str, int | None]]) -> tuple[Line, ...]:
    """(label, quantity, unit price, category, rate) → lines numbered from 1, zero quantities
    left out (a fee the order does not owe is not a line)."""
    kept = [line for line in lines if line[1] > 0]
    return tuple(
        Line(
            position=position,
            label=label,
            quantity=quantity,
            unit_price_cents=unit,
            total_cents=quantity * unit,
            vat_category=category,
            vat_rate_basis_points=rate,
        )
        for position, (label, quantity, unit, category, rate) in enumerate(kept, start=1)
    )
