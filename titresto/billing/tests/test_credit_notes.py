"""Credit notes: they reverse exactly what they cancel, never more than was invoiced, always
with a reason; issued from the back-office with their own permission, or by another app."""

import facturx
import pytest
from django.contrib.auth.models import Permission
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from tests.factories import UserFactory, actor_for, second_factor_verified, with_totp
from titresto.billing.models import Document
from titresto.billing.services import (
    CreditNoteRefused,
    credit_note_issue,
    creditable_cents,
    invoices_issue,
)
from titresto.billing.tests.helpers import Cii, en16931_violations, paid_order
from titresto.billing.tests.test_invoices import _read
from titresto.core.models import SequenceCounter

pytestmark = pytest.mark.django_db
K = Document.Kind


@pytest.fixture
def invoiced(client_admin):
    order = paid_order(actor_for(client_admin), count=2)
    face_value, fees = invoices_issue(order_id=order.pk, now=timezone.now())
    return order, face_value, fees


def _credit(order, kind, amount, reason="Carte non livrée : adresse inconnue", by=None):
    return credit_note_issue(
        order=order, kind=kind, amount_cents=amount, reason=reason, by=by, now=timezone.now()
    )


def test_a_credit_note_on_the_face_value_is_outside_vat_and_names_its_invoice(invoiced):
    order, face_value, _fees = invoiced

    credit_note = _credit(order, K.FACE_VALUE, 2000)

    assert credit_note.kind == K.CREDIT_NOTE and credit_note.refers_to == face_value
    assert (credit_note.total_excl_vat_cents, credit_note.vat_cents) == (2000, 0)
    assert credit_note.number == f"AV-{timezone.localdate().year}-000001"
    xml = _read(credit_note.xml_name)
    assert facturx.get_facturx_xml_from_pdf(_read(credit_note.pdf_name))[1] == xml
    assert facturx.xml_check_xsd(xml, flavor="factur-x", level="en16931")
    cii = Cii(xml)
    assert cii.text("//rsm:ExchangedDocument/ram:TypeCode") == "381"
    assert cii.text("//ram:InvoiceReferencedDocument/ram:IssuerAssignedID") == face_value.number
    assert en16931_violations(xml) == []
    assert creditable_cents(face_value) == face_value.total_excl_vat_cents - 2000


def test_credit_notes_reverse_the_fees_invoice_exactly_and_no_further(invoiced):
    order, _face_value, fees = invoiced
    first_part = fees.total_excl_vat_cents // 3

    first = _credit(order, K.FEES_INVOICE, first_part)
    rest = _credit(order, K.FEES_INVOICE, fees.total_excl_vat_cents - first_part)

    assert first.total_excl_vat_cents + rest.total_excl_vat_cents == fees.total_excl_vat_cents
    assert first.vat_cents + rest.vat_cents == fees.vat_cents
    assert first.total_cents + rest.total_cents == fees.total_cents
    assert en16931_violations(_read(rest.xml_name)) == []
    with pytest.raises(CreditNoteRefused, match="ne peut dépasser"):
        _credit(order, K.FEES_INVOICE, 1)
    assert Document.objects.filter(kind=K.CREDIT_NOTE).count() == 2
    counter = SequenceCounter.objects.get(kind="billing.credit_note")
    assert counter.last_number == 2  # the refused one took no number


@pytest.mark.parametrize(
    ("amount", "reason", "field"),
    [(500, "   ", "reason"), (0, "Geste commercial", "amount"), (-5, "Geste commercial", "amount")],
)
def test_a_credit_note_needs_a_reason_and_a_positive_amount(invoiced, amount, reason, field):
    order, _face_value, _fees = invoiced

    with pytest.raises(CreditNoteRefused) as refused:
        _credit(order, K.FACE_VALUE, amount, reason=reason)

    assert refused.value.field == field
    assert not Document.objects.filter(kind=K.CREDIT_NOTE).exists()


@pytest.fixture
def accountant(db):
    """Issuer staff allowed to see documents and issue credit notes."""
    user = with_totp(UserFactory(is_staff=True))
    user.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_document", "issue_credit_note"])
    )
    return user


@pytest.fixture
def staff_reader(db):
    user = with_totp(UserFactory(is_staff=True))
    user.user_permissions.add(Permission.objects.get(codename="view_document"))
    return user


def _staff_http(client, user):
    client.force_login(user)
    second_factor_verified(client)
    return client


def test_the_staff_issue_a_credit_note_from_the_back_office(client, accountant, invoiced):
    _order, face_value, _fees = invoiced
    http = _staff_http(client, accountant)
    url = reverse("backoffice:billing_document_credit_note", args=[face_value.pk])

    shown = http.get(url)
    empty_reason = http.post(url, {"amount": "10,00", "reason": ""})
    too_much = http.post(url, {"amount": "999999,00", "reason": "Erreur"})
    issued = http.post(url, {"amount": "10,00", "reason": "Chargement refusé par le processeur"})

    assert shown.status_code == 200 and face_value.number in shown.content.decode()
    assert empty_reason.status_code == 200 and too_much.status_code == 200
    assert "ne peut dépasser" in too_much.content.decode()
    assert issued.status_code == 302
    credit_note = Document.objects.get(kind=K.CREDIT_NOTE)
    assert credit_note.issued_by == accountant and credit_note.total_cents == 1000
    assert credit_note.reason == "Chargement refusé par le processeur"


def test_a_credit_note_needs_its_own_permission(client, staff_reader, invoiced):
    _order, face_value, _fees = invoiced
    http = _staff_http(client, staff_reader)
    url = reverse("backoffice:billing_document_credit_note", args=[face_value.pk])

    assert http.get(url).status_code == 403
    assert http.post(url, {"amount": "10,00", "reason": "Erreur"}).status_code == 403
    assert not Document.objects.filter(kind=K.CREDIT_NOTE).exists()
    listing = http.get(reverse("backoffice:billing_document_changelist"), {"q": face_value.number})
    assert listing.status_code == 200 and face_value.number in listing.content.decode()


def test_the_staff_resend_a_document_with_its_pdf(
    client, accountant, invoiced, django_capture_on_commit_callbacks
):
    order, _face_value, fees = invoiced
    http = _staff_http(client, accountant)

    with django_capture_on_commit_callbacks(execute=True):
        response = http.post(
            reverse("backoffice:billing_document_changelist"),
            {"action": "resend", "_selected_action": [fees.pk]},
        )

    assert response.status_code == 302
    (sent,) = [message for message in mail.outbox if fees.number in message.subject]
    assert sent.to == [order.created_by.email]
    (attachment,) = sent.attachments
    assert attachment[0] == f"{fees.number}.pdf" and attachment[1] == _read(fees.pdf_name)
