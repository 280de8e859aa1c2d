"""A paid order's two invoices, issued once (numbers taken in the transaction that stores the
bytes: see `billing.services.common`)."""

import datetime as dt
import logging
from collections.abc import Sequence

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from titresto.billing.invoices import face_value_content, fees_content
from titresto.billing.models import Document
from titresto.billing.render import render
from titresto.billing.services.common import K, order_facts, store, stored_or_removed, take_number
from titresto.core.audit import audit_record
from titresto.core.errors import DomainError
from titresto.orders.models import PAID_STATUSES, Order

logger = logging.getLogger(__name__)


class OrderNotPaid(DomainError):
    code = "order_not_paid"


def invoices_issue(*, order_id: int, now: dt.datetime) -> Sequence[Document]:
    """The face-value document and the fees invoice of a paid order, issued once.

    The order's row lock makes a second worker wait, then find the documents and return none;
    the unique constraint (order, kind) holds even against a path that forgot the lock.
    """
    saved: list[str] = []
    with stored_or_removed(saved), transaction.atomic():
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
            face_number_int, face_label = take_number(K.FACE_VALUE, year)
            face_number = face_label
        fees_sequence, fees_label = take_number(K.FEES_INVOICE, year)
        fees = fees_content(
            order,
            facts=facts,
            number=fees_label,
            face_value_number=face_number,
            issue_date=issue_date,
        )
        fees_document = store(
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
            face_document = store(
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
