"""Every write of billing: documents are issued, never changed (a correction is a credit note).

- `invoices_issue(order_id=, now=)`: a paid order's face-value invoice and fees invoice, once.
- `credit_note_issue(order=, kind=, amount_cents=, reason=, by=, now=)`: the service other apps
  call to credit part or all of one of those invoices (fulfilment: an undeliverable card, a
  refused load), never more than it still holds, a reason always.
- `proforma_issue(order_id=, now=)`, `statement_issue(client_id=, month=, now=)`.
- `document_resend(document=, staff=, now=)`.
"""

from titresto.billing.services.common import order_facts, take_number
from titresto.billing.services.credit_notes import (
    CreditNoteRefused,
    credit_note_issue,
    creditable_cents,
    credited_so_far,
)
from titresto.billing.services.invoices import OrderNotPaid, invoices_issue, invoices_issue_missed
from titresto.billing.services.periodic import (
    proforma_issue,
    proformas_issue_missed,
    statement_issue,
    statements_issue_month,
)
from titresto.billing.services.sending import NoRecipient, document_resend

__all__ = [
    "CreditNoteRefused",
    "NoRecipient",
    "OrderNotPaid",
    "credit_note_issue",
    "creditable_cents",
    "credited_so_far",
    "document_resend",
    "invoices_issue",
    "invoices_issue_missed",
    "order_facts",
    "proforma_issue",
    "proformas_issue_missed",
    "statement_issue",
    "statements_issue_month",
    "take_number",
]
