"""What every document's issuing shares: the numbers, the storing of bytes and rows.

A document's number is drawn from core's gapless sequence **in the transaction that stores its
bytes**: the PDF is rendered with the number while the counter is locked, its bytes saved
through the storage API and the row inserted; a failure anywhere rolls the number back (and
removes the bytes already saved), so a retried task takes the same number again.
"""

import datetime as dt
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.core.files.base import ContentFile
from django.db.models import Exists, OuterRef, Sum

from titresto.billing.invoices import OrderFacts
from titresto.billing.models import Document, DocumentLine
from titresto.billing.render import Rendered
from titresto.billing.storage import documents_storage
from titresto.core.numbering import NumberSequence, next_number
from titresto.delivery.models import DeliveryPoint
from titresto.orders.models import Order, OrderLine

logger = logging.getLogger(__name__)

K = Document.Kind
SEQUENCES: dict[str, NumberSequence] = {
    K.FEES_INVOICE: NumberSequence(kind="billing.fees_invoice", prefix="FA"),
    K.FACE_VALUE: NumberSequence(kind="billing.face_value", prefix="VF"),
    K.CREDIT_NOTE: NumberSequence(kind="billing.credit_note", prefix="AV"),
    K.PROFORMA: NumberSequence(kind="billing.proforma", prefix="PF"),
    K.STATEMENT: NumberSequence(kind="billing.statement", prefix="RC"),
}


def take_number(kind: str, year: int) -> tuple[int, str]:
    sequence = SEQUENCES[kind]
    number = next_number(kind=sequence.kind, year=year)
    return number, sequence.format(year=year, number=number)


def order_facts(order: Order) -> OrderFacts:
    """The titres per face value and the delivery points of an order: one query each."""
    lines = OrderLine.objects.filter(order=order, client_id=order.client_id)
    by_face_value = tuple(
        (face_value, titres)
        for face_value, titres in lines.filter(titres__gt=0)
        .values("face_value_cents")
        .annotate(titres=Sum("titres"))
        .order_by("face_value_cents")
        .values_list("face_value_cents", "titres")
    )
    points = (
        DeliveryPoint.objects.filter(client_id=order.client_id)
        .filter(Exists(lines.exclude(card_action="NONE").filter(delivery_point=OuterRef("pk"))))
        .order_by("code")
    )
    addresses = tuple(
        " ".join(
            part
            for part in (
                f"{point.name} —",
                point.address_line1,
                point.address_line2,
                point.postcode,
                point.city,
            )
            if part
        )
        for point in points
    )
    home_cards = order.breakdown.get("home_cards", 0)
    if home_cards:
        addresses += (f"{home_cards} carte(s) envoyée(s) au domicile du bénéficiaire",)
    return OrderFacts(titres_by_face_value=by_face_value, delivery_addresses=addresses)


@contextmanager
def stored_or_removed(saved: list[str]) -> Iterator[None]:
    """Removes the bytes saved in a transaction that does not commit: a rolled-back number
    leaves no file behind."""
    try:
        yield
    except BaseException:
        storage = documents_storage()
        for name in saved:
            storage.delete(name)
        raise


def store(
    content: Any,
    rendered: Rendered,
    *,
    kind: str,
    year: int,
    sequence: int,
    client_id: int,
    order: Order | None,
    now: dt.datetime,
    saved: list[str],
    by: Any | None = None,
    refers_to: Document | None = None,
    reason: str = "",
    period: tuple[dt.date, dt.date] | None = None,
) -> Document:
    storage = documents_storage()
    folder = f"{year}/{kind.lower()}"
    pdf_name = storage.save(f"{folder}/{content.number}.pdf", ContentFile(rendered.pdf))
    saved.append(pdf_name)
    xml_name = ""
    if rendered.xml:  # a pro-forma or a statement is no invoice: no EN 16931 XML
        xml_name = storage.save(f"{folder}/{content.number}.xml", ContentFile(rendered.xml))
        saved.append(xml_name)
    document = Document.objects.create(
        client_id=client_id,
        kind=kind,
        number=content.number,
        year=year,
        sequence=sequence,
        order=order,
        refers_to=refers_to,
        issue_date=content.issue_date,
        issued_at=now,
        period_start=period[0] if period else None,
        period_end=period[1] if period else None,
        total_excl_vat_cents=content.total_excl_vat_cents,
        vat_cents=content.vat_cents,
        total_cents=content.total_cents,
        reason=reason,
        pdf_name=pdf_name,
        pdf_sha256=rendered.pdf_sha256,
        pdf_size=len(rendered.pdf),
        xml_name=xml_name,
        xml_sha256=rendered.xml_sha256 if rendered.xml else "",
        issued_by=by,
        issued_by_label=(by.get_full_name() or by.email) if by is not None else "système",
    )
    DocumentLine.objects.bulk_create(
        DocumentLine(
            client_id=client_id,
            document=document,
            position=line.position,
            label=line.label,
            quantity=line.quantity,
            unit_price_cents=line.unit_price_cents,
            total_cents=line.total_cents,
            vat_category=line.vat_category,
            vat_rate_basis_points=line.vat_rate_basis_points,
        )
        for line in content.lines
    )
    return document
