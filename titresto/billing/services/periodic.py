"""The pro-forma of an order awaiting a transfer, and each client's monthly statement.

Neither is an invoice: a pro-forma (« bon de commande ») tells what to transfer and to whom, a
statement sums a month up. Both are PDF/A documents, numbered and stored like invoices, without
the EN 16931 XML (BR-O-11 forbids the pro-forma's face value beside its fees in one invoice, and
a statement is no invoice at all).
"""

import datetime as dt
from dataclasses import dataclass, replace

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone, translation

from titresto.billing.content import issuer_party
from titresto.billing.invoices import (
    client_party,
    face_value_content,
    fees_content,
    month_label,
)
from titresto.billing.models import Document
from titresto.billing.render import Rendered, document_html, render_plain
from titresto.billing.services.common import K, order_facts, store, stored_or_removed, take_number
from titresto.clients.models import Client
from titresto.core.audit import audit_record
from titresto.orders.models import PAID_STATUSES, Order

PROFORMA_TITLE = "Facture pro forma"
STATEMENT_TITLE = "Relevé de compte"


def _plain(html: str) -> Rendered:
    return Rendered(pdf=render_plain(html), xml=b"")


def proforma_issue(*, order_id: int, now: dt.datetime) -> Document | None:
    """Once per order, when it awaits a transfer: the lines of both future invoices, the total
    to transfer, the issuer's IBAN and the order's transfer reference."""
    saved: list[str] = []
    with stored_or_removed(saved), transaction.atomic():
        order = Order.objects.select_for_update().select_related("client").get(pk=order_id)
        if not order.awaits_transfer:
            return None
        if Document.objects.filter(order=order, kind=K.PROFORMA).exists():
            return None
        issue_date = timezone.localdate(now)
        sequence, number = take_number(K.PROFORMA, issue_date.year)
        facts = order_facts(order)
        fees = fees_content(
            order, facts=facts, number=number, face_value_number="", issue_date=issue_date
        )
        face = face_value_content(
            order, facts=facts, number=number, fees_number="", issue_date=issue_date
        )
        lines = tuple(
            replace(line, position=position)
            for position, line in enumerate((*face.lines, *fees.lines), start=1)
        )
        content = replace(
            fees,
            kind="PROFORMA",
            title=PROFORMA_TITLE,
            lines=lines,
            breakdowns=(*face.breakdowns, *fees.breakdowns),
            paid_cents=0,
            payment_method="TRANSFER",
            references=(),
            due_date=issue_date + dt.timedelta(days=settings.ISSUER["payment_terms_days"]),
        )
        document = store(
            content,
            _plain(document_html(content)),
            kind=K.PROFORMA,
            year=issue_date.year,
            sequence=sequence,
            client_id=order.client_id,
            order=order,
            now=now,
            saved=saved,
        )
        audit_record(
            actor_user=None,
            action="document.issued",
            now=now,
            client=order.client,
            target=document,
            data={"number": document.number, "kind": document.kind, "order": order.number},
        )
    return document


@dataclass(frozen=True)
class StatementRow:
    day: dt.date
    label: str
    reference: str
    debit_cents: int
    credit_cents: int


def month_bounds(day: dt.date) -> tuple[dt.date, dt.date]:
    start = day.replace(day=1)
    end = (start + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
    return start, end


def statement_rows(*, client: Client, start: dt.date, end: dt.date) -> list[StatementRow]:
    """Invoices (debit), credit notes (credit) and payments (credit) of the month, by date."""
    rows = []
    documents = Document.objects.filter(
        client=client, kind__in=[*Document.INVOICES, K.CREDIT_NOTE], issue_date__range=(start, end)
    ).order_by("issue_date", "id")
    for document in documents:
        credit = document.kind == K.CREDIT_NOTE
        rows.append(
            StatementRow(
                day=document.issue_date,
                label=document.get_kind_display(),
                reference=document.number,
                debit_cents=0 if credit else document.total_cents,
                credit_cents=document.total_cents if credit else 0,
            )
        )
    tz = timezone.get_current_timezone()
    paid = Order.objects.filter(
        client=client,
        status__in=PAID_STATUSES,
        paid_at__gte=dt.datetime.combine(start, dt.time.min, tz),
        paid_at__lt=dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tz),
    ).order_by("paid_at", "id")
    for order in paid:
        rows.append(
            StatementRow(
                day=timezone.localdate(order.paid_at),
                label=f"Paiement ({order.get_payment_method_display()})",
                reference=order.number,
                debit_cents=0,
                credit_cents=order.total_cents,
            )
        )
    return sorted(rows, key=lambda row: row.day)


def statement_issue(*, client_id: int, month: dt.date, now: dt.datetime) -> Document | None:
    """The statement of `month` for one client, once (a second run finds it)."""
    start, end = month_bounds(month)
    saved: list[str] = []
    with stored_or_removed(saved), transaction.atomic():
        client = Client.objects.select_for_update().get(pk=client_id)
        if Document.objects.filter(client=client, kind=K.STATEMENT, period_start=start).exists():
            return None
        rows = statement_rows(client=client, start=start, end=end)
        if not rows:
            return None
        issue_date = timezone.localdate(now)
        sequence, number = take_number(K.STATEMENT, issue_date.year)
        debit = sum(row.debit_cents for row in rows)
        credit = sum(row.credit_cents for row in rows)
        with translation.override("fr"):
            html = render_to_string(
                "billing/pdf/statement.html",
                {
                    "number": number,
                    "title": STATEMENT_TITLE,
                    "issue_date": issue_date,
                    "period": month_label(start),
                    "seller": issuer_party(),
                    "buyer": client_party(client),
                    "rows": rows,
                    "debit": debit,
                    "credit": credit,
                    "balance": debit - credit,
                    "issuer_name": settings.ISSUER["name"],
                    "issuer_product": settings.ISSUER["product"],
                    "brand_color": settings.ISSUER["brand_color"],
                },
            )
        content = _StatementTotals(number=number, issue_date=issue_date, debit=debit)
        document = store(
            content,
            _plain(html),
            kind=K.STATEMENT,
            year=issue_date.year,
            sequence=sequence,
            client_id=client.pk,
            order=None,
            now=now,
            saved=saved,
            period=(start, end),
        )
        audit_record(
            actor_user=None,
            action="document.issued",
            now=now,
            client=client,
            target=document,
            data={"number": document.number, "kind": document.kind, "period": start.isoformat()},
        )
    return document


@dataclass(frozen=True)
class _StatementTotals:
    """What `store` reads of a statement: no lines, its month's invoiced total."""

    number: str
    issue_date: dt.date
    debit: int
    lines: tuple = ()
    vat_cents: int = 0

    @property
    def total_excl_vat_cents(self) -> int:
        return self.debit

    @property
    def total_cents(self) -> int:
        return self.debit


def statements_issue_month(*, now: dt.datetime) -> int:
    """The 1st of each month (beat): last month's statement of every client that had any."""
    last_month = timezone.localdate(now).replace(day=1) - dt.timedelta(days=1)
    start, end = month_bounds(last_month)
    tz = timezone.get_current_timezone()
    active = (
        Client.objects.filter(
            Q(documents__issue_date__range=(start, end))
            | Q(
                orders__paid_at__gte=dt.datetime.combine(start, dt.time.min, tz),
                orders__paid_at__lt=dt.datetime.combine(
                    end + dt.timedelta(days=1), dt.time.min, tz
                ),
            )
        )
        .distinct()
        .values_list("pk", flat=True)
    )
    return sum(
        statement_issue(client_id=client_id, month=start, now=now) is not None
        for client_id in active
    )


def proformas_issue_missed(*, now: dt.datetime) -> int:
    """Beat's safety net: an order awaiting a transfer without its pro-forma gets one."""
    from django.db.models import Exists, OuterRef

    issued = Document.objects.filter(order=OuterRef("pk"), kind=K.PROFORMA)
    orders = (
        Order.objects.filter(
            status=Order.Status.AWAITING_PAYMENT, payment_method=Order.PaymentMethod.TRANSFER
        )
        .exclude(Exists(issued))
        .values_list("pk", flat=True)[:100]
    )
    return sum(proforma_issue(order_id=order_id, now=now) is not None for order_id in orders)
