"""Re-sending a document by e-mail (the back-office, on a client's request)."""

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from titresto.billing.models import Document
from titresto.billing.notifications import document_recipients
from titresto.core.audit import audit_record
from titresto.core.errors import DomainError


class NoRecipient(DomainError):
    code = "document_no_recipient"


def document_resend(*, document: Document, staff: Any, now: dt.datetime) -> list[str]:
    """Mails the document's PDF to the client's billing contact (else whoever ordered),
    after commit; audited."""
    from titresto.billing.tasks import send_document_email

    to = document_recipients(document)
    if not to:
        raise NoRecipient(
            _(
                "Le document %(number)s n'a pas de destinataire : renseignez le contact facturation du client."
            )
            % {"number": document.number}
        )
    with transaction.atomic():
        audit_record(
            actor_user=staff,
            action="document.sent",
            now=now,
            client=document.client,
            target=document,
            data={"number": document.number, "to": to},
        )
        document_id = document.pk
        transaction.on_commit(lambda: send_document_email.delay(document_id=document_id, to=to))
    return to
