"""Every write of billing: documents are issued, never changed.

A document's number is drawn from core's gapless sequence **in the transaction that stores its
bytes**: the PDF is rendered with the number while the counter is locked, its bytes saved
through the storage API and the row inserted; a failure anywhere rolls the number back (and
removes the bytes already saved), so a retried task takes the same number again.
"""

import datetime as dt
import logging
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Exists, OuterRef, Sum
from django.utils import timezone

from titresto.billing.content import Content
from titresto.billing.invoices import OrderFacts, face_value_content, fees_content
from titresto.billing.models import Document, DocumentLine
from titresto.billing.render import Rendered, render
from titresto.billing.storage import documents_storage
from titresto.core.audit import audit_record
from titresto.core.errors import DomainError
from titresto.core.numbering import NumberSequence, next_number
from titresto.delivery.models import DeliveryPoint
from titresto.orders.models import PAID_STATUSES, Order, OrderLine

logger = logging.getLogger(__name__)

K = Document.Kind
SEQUENCES: dict[str, NumberSequence] = {
    K.FEES_INVOICE: NumberSequence(kind="billing.fees_invoice", prefix="FA"),
    K.FACE_VALUE: NumberSequence(kind="billing.face_value", prefix="VF"),
    K.CREDIT_NOTE: NumberSequence(kind="billing.credit_note", prefix="AV"),
    K.PROFORMA: NumberSequence(kind="billing.proforma", prefix="PF"),
    K.STATEMENT: NumberSequence(kind="billing.statement", prefix="RC"),
}


class OrderNotPaid(DomainError):
    code = "order_not_paid"


def _take_number(kind: str, year: int) -> tuple[int, str]:
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
def _stored(saved: list[str]) -> Iterator[None]:
    """Removes the bytes saved in a transaction that does not commit: a rolled-back number
    leaves no file behind."""
    try:
        yield
    except BaseException:
        storage = documents_storage()
        for name in saved:
            storage.delete(name)
        raise


def _store(
    content: Content,
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
) -> Document:
    storage = documents_storage()
    folder = f"{year}/{kind.lower()}"
    pdf_name = storage.save(f"{folder}/{content.number}.pdf", ContentFile(rendered.pdf))
    saved.append(pdf_name)
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
        total_excl_vat_cents=content.total_excl_vat_cents,
        vat_cents=content.vat_cents,
        total_cents=content.total_cents,
        reason=reason,
        pdf_name=pdf_name,
        pdf_sha256=rendered.pdf_sha256,
        pdf_size=len(rendered.pdf),
        xml_name=xml_name,
        xml_sha256=rendered.xml_sha256,
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


def invoices_issue(*, order_id: int, now: dt.datetime) -> Sequence[Document]:
    """The face-value document and the fees invoice of a paid order, issued once.

    The order's row lock makes a second worker wait, then find the documents and return none;
    the unique constraint (order, kind) holds even against a path that forgot the lock.
    """
    saved: list[str] = []
    with _stored(saved), transaction.atomic():
        order = Order.objects.select_for_update().select_related("client").get(pk=order_id)
        if order.status not in PAID_STATUSES:
            raise OrderNotPaid(f"order {order.number} is not paid")
        if Document.objects.filter(order=order, kind__in=Document.INVOICES).exists():
            return ()
        issue_date = timezone.localdate(now)
        year = issue_date.year
        facts = order_facts(order)
        face_number = face_label = ""
        has_face_value = order.breakdown.get("face_value_cents", 0) > 0
        if has_face_value:  # an order of cards only has no face value to invoice
            face_number_int, face_label = _take_number(K.FACE_VALUE, year)
            face_number = face_label
        fees_sequence, fees_label = _take_number(K.FEES_INVOICE, year)
        fees = fees_content(
            order,
            facts=facts,
            number=fees_label,
            face_value_number=face_number,
            issue_date=issue_date,
        )
        fees_document = _store(
            fees,
            render(fees),
            kind=K.FEES_INVOICE,
            year=year,
            sequence=fees_sequence,
            client_id=order.client_id,
            order=order,
            now=now,
            saved=saved,
        )
        documents = [fees_document]
        if has_face_value:
            face = face_value_content(
                order,
                facts=facts,
                number=face_label,
                fees_number=fees_label,
                issue_date=issue_date,
            )
            face_document = _store(
                face,
                render(face),
                kind=K.FACE_VALUE,
                year=year,
                sequence=face_number_int,
                client_id=order.client_id,
                order=order,
                now=now,
                saved=saved,
                refers_to=fees_document,
            )
            Document.objects.filter(pk=fees_document.pk).update(refers_to=face_document)
            fees_document.refers_to = face_document
            documents.insert(0, face_document)
        for document in documents:
            audit_record(
                actor_user=None,
                action="document.issued",
                now=now,
                client=order.client,
                target=document,
                data={"number": document.number, "kind": document.kind, "order": order.number},
            )
    return tuple(documents)


def invoices_issue_missed(
    *, now: dt.datetime, older_than: dt.timedelta = dt.timedelta(minutes=5)
) -> int:
    """Paid orders without their invoices a while after payment (a lost message): issued now."""
    invoiced = Document.objects.filter(order=OuterRef("pk"), kind=K.FEES_INVOICE)
    orders = (
        Order.objects.filter(status__in=PAID_STATUSES, paid_at__lte=now - older_than)
        .exclude(Exists(invoiced))
        .order_by("paid_at")
        .values_list("pk", flat=True)[:100]
    )
    issued = 0
    for order_id in orders:
        try:
            issued += bool(invoices_issue(order_id=order_id, now=now))
        except Exception:  # one order that fails to render must not stop the others
            logger.exception("invoices of order %s could not be issued", order_id)
    return issued
