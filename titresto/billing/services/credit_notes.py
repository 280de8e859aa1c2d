"""Credit notes: the only correction of an issued invoice (an invoice never changes).

`credit_note_issue` is the service other apps call (fulfilment, for a card that could not be
delivered or a load the processor refused; the back-office, for a staff decision): it credits
an amount excl. VAT against one of a paid order's two invoices, with a reason, and never more
than that invoice still holds.
"""

import datetime as dt
from dataclasses import replace
from typing import Any

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from titresto.billing.content import (
    Content,
    Reference,
    issuer_party,
    legal_notes,
    numbered,
    vat_breakdowns,
)
from titresto.billing.invoices import client_party
from titresto.billing.models import Document, DocumentLine
from titresto.billing.render import render
from titresto.billing.services.common import K, store, stored_or_removed, take_number
from titresto.core.audit import audit_record
from titresto.core.errors import DomainError
from titresto.core.money import format_eur
from titresto.orders.models import Order
from titresto.orders.terms import OrderTerms

REASON_MAX = 500
CREDIT_NOTE_TITLE = "Avoir"


class CreditNoteRefused(DomainError):
    code = "credit_note_refused"


def credited_so_far(invoice: Document) -> tuple[int, int]:
    """(excl. VAT, VAT) already credited against `invoice`."""
    sums = Document.objects.filter(
        client_id=invoice.client_id, kind=K.CREDIT_NOTE, refers_to=invoice
    ).aggregate(basis=Sum("total_excl_vat_cents"), vat=Sum("vat_cents"))
    return sums["basis"] or 0, sums["vat"] or 0


def creditable_cents(invoice: Document) -> int:
    """What `invoice` still holds, excl. VAT."""
    basis, _vat = credited_so_far(invoice)
    return invoice.total_excl_vat_cents - basis


def _invoice_of(order: Order, kind: str) -> Document:
    if kind not in Document.INVOICES:
        raise ValueError(f"a credit note corrects an invoice, not a {kind}")
    invoice = (
        Document.objects.select_for_update()
        .filter(client_id=order.client_id, order=order, kind=kind)
        .first()
    )
    if invoice is None:
        raise CreditNoteRefused(
            _("La commande %(number)s n'a pas encore cette facture : rien n'est crédité.")
            % {"number": order.number}
        )
    return invoice


def credit_note_issue(
    *,
    order: Order,
    kind: str,
    amount_cents: int,
    reason: str,
    by: Any | None,
    now: dt.datetime,
    label: str = "",
) -> Document:
    """A credit note of `amount_cents` excl. VAT against the order's invoice of `kind`
    (`Document.Kind.FACE_VALUE` or `FEES_INVOICE`), at that invoice's VAT, for `reason`.

    `by` is the staff member who decided it, or None for the system (fulfilment). Refused,
    with nothing written, for an empty reason, an amount that is not positive, or more than
    the invoice still holds after the credit notes already issued against it. The invoice's
    row is locked, so two credit notes at once are judged one after the other.
    """
    reason = " ".join((reason or "").split())
    if not reason:
        raise CreditNoteRefused(_("Indiquez le motif de l'avoir."), field="reason")
    if len(reason) > REASON_MAX:
        raise CreditNoteRefused(
            _("Le motif tient en %(max)s caractères au plus.") % {"max": REASON_MAX},
            field="reason",
        )
    if amount_cents <= 0:
        raise CreditNoteRefused(_("Le montant de l'avoir doit être positif."), field="amount")
    saved: list[str] = []
    with stored_or_removed(saved), transaction.atomic():
        order = Order.objects.select_for_update().select_related("client").get(pk=order.pk)
        invoice = _invoice_of(order, kind)
        credited_basis, credited_vat = credited_so_far(invoice)
        remaining = invoice.total_excl_vat_cents - credited_basis
        if amount_cents > remaining:
            raise CreditNoteRefused(
                _(
                    "Un avoir ne peut dépasser ce qui a été facturé : la facture %(number)s "
                    "peut encore être créditée de %(remaining)s HT au plus."
                )
                % {"number": invoice.number, "remaining": format_eur(remaining)},
                field="amount",
            )
        content = _content(
            order,
            invoice,
            amount_cents,
            reason,
            label,
            now,
            remaining_vat=invoice.vat_cents - credited_vat,
        )
        sequence, number = take_number(K.CREDIT_NOTE, content.issue_date.year)
        content = _numbered(content, number)
        document = store(
            content,
            render(content),
            kind=K.CREDIT_NOTE,
            year=content.issue_date.year,
            sequence=sequence,
            client_id=order.client_id,
            order=order,
            now=now,
            saved=saved,
            by=by,
            refers_to=invoice,
            reason=reason,
        )
        audit_record(
            actor_user=by,
            action="document.credit_note_issued",
            now=now,
            client=order.client,
            target=document,
            data={
                "number": document.number,
                "invoice": invoice.number,
                "order": order.number,
                "amount_cents": amount_cents,
                "reason": reason,
            },
        )
    return document


def _content(
    order: Order,
    invoice: Document,
    amount_cents: int,
    reason: str,
    label: str,
    now: dt.datetime,
    *,
    remaining_vat: int,
) -> Content:
    first = DocumentLine.objects.filter(document=invoice).order_by("position").first()
    category = first.vat_category if first else "S"
    rate = first.vat_rate_basis_points if first else None
    lines = numbered([(label or _line_label(invoice), 1, amount_cents, category, rate)])
    breakdowns = vat_breakdowns(lines)
    vat = sum(b.tax_cents for b in breakdowns)
    if vat > remaining_vat:  # rounding of partial credits: never more VAT than was invoiced
        breakdowns = tuple(replace(b, tax_cents=remaining_vat) for b in breakdowns)
    issue_date = timezone.localdate(now)
    terms = OrderTerms.from_json(order.terms)
    return Content(
        kind="CREDIT_NOTE",
        title=CREDIT_NOTE_TITLE,
        number="",
        issue_date=issue_date,
        service_date=issue_date,
        due_date=issue_date,
        seller=issuer_party(),
        buyer=client_party(order.client),
        order_number=order.number,
        contract_number=terms.contract_number,
        lines=lines,
        breakdowns=breakdowns,
        paid_cents=0,
        payment_method="REFUND",
        payment_reference=order.number,
        corrects=Reference(
            label=invoice.get_kind_display(), number=invoice.number, issue_date=invoice.issue_date
        ),
        reason=reason,
        notes=legal_notes(),
    )


def _line_label(invoice: Document) -> str:
    return f"Avoir sur la facture {invoice.number}"


def _numbered(content: Content, number: str) -> Content:
    return replace(content, number=number)
