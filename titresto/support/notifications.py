"""E-mails both ways: an agent's answer goes to the manager who wrote (who answers in the
portal); a manager's message goes to the service clients' address. Once per message."""

from datetime import datetime

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from titresto.core.idempotency import run_once
from titresto.support.models import SupportMessage


def _recipients(message: SupportMessage) -> tuple[str, list[str]]:
    if message.kind == SupportMessage.Kind.AGENT:
        author = message.request.created_by
        return "answered", [author.email] if author.is_active else []
    if message.kind == SupportMessage.Kind.CLIENT:
        return "client_wrote", [settings.ISSUER["support_email"]]
    return "", []  # an internal note is e-mailed to nobody


def support_email_send(*, message_id: int, now: datetime) -> bool:
    message = (
        SupportMessage.objects.select_related("request__created_by", "request__client", "author")
        .filter(pk=message_id)
        .first()
    )
    if message is None:
        return False
    kind, recipients = _recipients(message)
    if not recipients:
        return False
    with run_once(task="support.email", key=str(message.pk), now=now) as first:
        if not first:
            return False
        email = support_email_message(message=message, kind=kind, to=recipients)
        transaction.on_commit(email.send)
    return True


def support_email_message(*, message: SupportMessage, kind: str, to: list[str]) -> EmailMessage:
    contact = message.request
    if kind == "answered":
        url = reverse("support:request_detail", args=[contact.public_id])
    else:
        url = reverse("backoffice:support_contactrequest_change", args=[contact.pk])
    context = {
        "issuer": settings.ISSUER,
        "contact": contact,
        "message": message,
        "url": settings.SITE_URL + url,
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string(f"support/email/{kind}_subject.txt", context)
        body = render_to_string(f"support/email/{kind}.txt", context)
    return EmailMessage(subject=" ".join(subject.split()), body=body, to=to)
