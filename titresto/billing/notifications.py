"""A document sent by e-mail, its PDF attached: re-sent by the issuer's staff on request."""

from datetime import datetime

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from titresto.billing.models import Document
from titresto.billing.storage import stored_bytes
from titresto.clients.models import Contact


def document_recipients(document: Document) -> list[str]:
    """The client's billing contact, else whoever placed the order."""
    billing = Contact.objects.filter(
        client_id=document.client_id, role=Contact.Role.BILLING
    ).first()
    if billing is not None:
        return [billing.email]
    order = document.order
    if order is not None and order.created_by and order.created_by.is_active:
        return [order.created_by.email]
    return []


def document_email_message(*, document: Document, to: list[str]) -> EmailMessage:
    context = {
        "issuer": settings.ISSUER,
        "document": document,
        "documents_url": settings.SITE_URL + reverse("billing:documents"),
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string("billing/email/document_subject.txt", context)
        body = render_to_string("billing/email/document.txt", context)
    message = EmailMessage(subject=" ".join(subject.split()), body=body, to=to)
    message.attach(
        f"{document.number}.pdf",
        stored_bytes(document.pdf_name, sha256=document.pdf_sha256),
        "application/pdf",
    )
    return message


def document_email_send(*, document_id: int, to: list[str], now: datetime) -> bool:
    document = Document.objects.select_related("order__created_by").filter(pk=document_id).first()
    if document is None or not to:
        return False
    document_email_message(document=document, to=to).send()
    return True
