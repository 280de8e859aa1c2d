"""The two documents of a paid order (DOMAIN.md « Two documents per paid order »), as contents.

EN 16931 forbids a « not subject to VAT » breakdown beside any other (BR-O-11): the face value
(a means of payment, category O) and the fees (a service, category S at 20 %) are two
invoices, which name each other and the order. Their figures are the order's stored
breakdown, so together they make exactly the price the manager paid.
"""

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.utils import translation

from titresto.billing.content import (
    Content,
    Party,
    Reference,
    issuer_party,
    legal_notes,
    numbered,
    vat_breakdowns,
)
from titresto.clients.models import Client
from titresto.core.french import de
from titresto.core.money import format_eur
from titresto.orders.models import Order
from titresto.orders.terms import OrderTerms

MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)
FEES_TITLE = "Facture de frais de service"
FACE_VALUE_TITLE = "Facture de valeur faciale"


@dataclass(frozen=True)
class OrderFacts:
    """What the two documents read of an order besides its breakdown: one query each."""

    titres_by_face_value: tuple[tuple[int, int], ...]  # (face value cents, titres)
    delivery_addresses: tuple[str, ...]


def euros_fr(cents: int) -> str:
    """Documents are French whatever the reader's language: « 1 234,56 € »."""
    with translation.override("fr"):
        return format_eur(cents)


def de_fr(text: str) -> str:
    """« de mars 2026 », « d'avril 2026 », in French whatever the reader's language."""
    with translation.override("fr"):
        return de(text)


def month_label(day: dt.date) -> str:
    return f"{MONTHS[day.month - 1]} {day.year}"


def client_party(client: Client) -> Party:
    return Party(
        name=client.legal_name,
        siret=client.siret,
        vat_number=client.vat_number,
        address_line1=client.address_line1,
        address_line2=client.address_line2,
        postcode=client.postcode,
        city=client.city,
    )


def _base(order: Order, *, kind: str, title: str, number: str, issue_date: dt.date) -> dict:
    terms = OrderTerms.from_json(order.terms)
    paid_on = (order.paid_at and order.paid_at.date()) or issue_date
    return {
        "kind": kind,
        "title": title,
        "number": number,
        "issue_date": issue_date,
        "service_date": paid_on,
        "due_date": issue_date,
        "seller": issuer_party(),
        "buyer": client_party(order.client),
        "order_number": order.number,
        "contract_number": terms.contract_number,
        "payment_method": order.payment_method or Order.PaymentMethod.TRANSFER,
        "payment_reference": order.transfer_reference or order.number,
        "iban": settings.ISSUER["iban"].replace(" ", ""),
        "bic": settings.ISSUER["bic"],
        "notes": legal_notes(),
    }


def face_value_content(
    order: Order, *, facts: OrderFacts, number: str, fees_number: str, issue_date: dt.date
) -> Content:
    period = month_label(order.load_period)
    lines = numbered(
        [
            (
                f"Titres-restaurant {de_fr(period)}, valeur faciale {euros_fr(face_value)}",
                titres,
                face_value,
                "O",
                None,
            )
            for face_value, titres in facts.titres_by_face_value
        ]
    )
    return Content(
        **_base(
            order, kind="FACE_VALUE", title=FACE_VALUE_TITLE, number=number, issue_date=issue_date
        ),
        lines=lines,
        breakdowns=vat_breakdowns(lines),
        paid_cents=sum(line.total_cents for line in lines),
        references=(Reference(label=FEES_TITLE, number=fees_number),),
    )


def fees_content(
    order: Order, *, facts: OrderFacts, number: str, face_value_number: str, issue_date: dt.date
) -> Content:
    breakdown = order.breakdown
    rate = breakdown["fee_vat_basis_points"]
    pricing = OrderTerms.from_json(order.terms).pricing
    if breakdown["commission_minimum_applied"]:
        commission_label = "Commission de service (minimum par commande)"
    else:
        percent = f"{pricing.commission_basis_points / 100:.2f}".replace(".", ",")
        commission_label = f"Commission de service ({percent} % de la valeur faciale)"
    lines = numbered(
        [
            (commission_label, 1, breakdown["commission_cents"], "S", rate),
            ("Fabrication de carte", breakdown["cards"], pricing.card_fee_cents, "S", rate),
            ("Livraison par colis", breakdown["parcels"], pricing.delivery_fee_cents, "S", rate),
            (
                "Envoi de carte à domicile",
                breakdown["home_cards"],
                pricing.home_delivery_fee_cents,
                "S",
                rate,
            ),
        ]
    )
    breakdowns = vat_breakdowns(lines)
    references = (
        (Reference(label=FACE_VALUE_TITLE, number=face_value_number),) if face_value_number else ()
    )
    return Content(
        **_base(order, kind="FEES_INVOICE", title=FEES_TITLE, number=number, issue_date=issue_date),
        lines=lines,
        breakdowns=breakdowns,
        paid_cents=sum(line.total_cents for line in lines) + sum(b.tax_cents for b in breakdowns),
        references=references,
        delivery_addresses=facts.delivery_addresses,
    )
