"""« Un administrateur a été ajouté »: every administrator of the client hears of a new one, so
that an access handed out by mistake (or by someone who should not) is seen at once."""

import datetime as dt

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from titresto.accounts.models import Membership, User
from titresto.core.audit import author_label
from titresto.core.capabilities import Profile
from titresto.core.idempotency import run_once


def administrator_recipients(*, client_id: int) -> list[str]:
    return sorted(
        Membership.objects.filter(
            client_id=client_id,
            is_active=True,
            user__is_active=True,
            profile=Profile.ADMINISTRATEUR,
        ).values_list("user__email", flat=True)
    )


def administrator_added_send(*, membership_id: int, added_by_id: int, added_at: str) -> bool:
    membership = (
        Membership.objects.select_related("user", "client").filter(pk=membership_id).first()
    )
    if membership is None or not membership.is_administrator:
        return False
    recipients = administrator_recipients(client_id=membership.client_id)
    if not recipients:
        return False
    key = f"{membership_id}:{added_at}"
    with run_once(task="accounts.administrator_added", key=key, now=timezone.now()) as first:
        if not first:
            return False
        context = {
            "issuer": settings.ISSUER,
            "client": membership.client,
            "person": membership.user.email,
            "added_by": author_label(User.objects.filter(pk=added_by_id).first()),
            "added_at": timezone.localtime(dt.datetime.fromisoformat(added_at)),
            "accesses_url": settings.SITE_URL + reverse("accounts:access_list"),
        }
        with translation.override(settings.LANGUAGE_CODE):
            subject = render_to_string("accounts/email/administrator_added_subject.txt", context)
            body = render_to_string("accounts/email/administrator_added.txt", context)
        message = EmailMessage(subject=" ".join(subject.split()), body=body, to=recipients)
        transaction.on_commit(message.send)
    return True
