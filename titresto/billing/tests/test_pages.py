"""« Mes documents comptables »: the list and its filters, the downloads (same bytes, through the
access function), who may see what, and the queries it costs."""

import csv
import hashlib
import io
import logging

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from tests.factories import actor_for
from titresto.billing.models import Document
from titresto.billing.services import invoices_issue
from titresto.billing.storage import documents_storage
from titresto.billing.tests.helpers import paid_order

pytestmark = pytest.mark.django_db
K = Document.Kind


@pytest.fixture
def invoiced(client_admin):
    order = paid_order(actor_for(client_admin), count=2)
    face_value, fees = invoices_issue(order_id=order.pk, now=timezone.now())
    return order, face_value, fees


def _copies(document: Document, count: int, *, kind: str | None = None) -> list[Document]:
    """More rows like `document` (same stored bytes), numbered after it: a long list without
    rendering each PDF."""
    rows = []
    for offset in range(1, count + 1):
        copy = Document.objects.get(pk=document.pk)
        copy.pk = None
        copy.public_id = f"{document.public_id[:8]}{offset:04d}"
        copy.kind = kind or document.kind
        copy.sequence = document.sequence + offset
        copy.number = f"{document.number[:-6]}{copy.sequence:06d}"
        if copy.kind == K.CREDIT_NOTE:
            copy.reason = "Carte non livrée"
        if copy.kind == K.STATEMENT:
            copy.order = None
            copy.refers_to = None
            copy.xml_name = copy.xml_sha256 = ""
        rows.append(copy)
    return Document.objects.bulk_create(rows)


def test_the_list_shows_the_clients_documents_with_their_downloads(
    signed_in, client_admin, invoiced
):
    order, face_value, fees = invoiced

    response = signed_in(client_admin).get(reverse("billing:documents"))

    page = response.content.decode()
    assert response.status_code == 200
    assert face_value.number in page and fees.number in page
    assert reverse("billing:pdf", args=[fees.public_id]) in page
    assert reverse("billing:xml", args=[fees.public_id]) in page
    assert reverse("billing:order_detail_csv", args=[order.public_id]) in page
    assert "/documents/" not in page.replace("/documents-comptables/", "")  # no storage path


def test_another_clients_documents_are_neither_listed_nor_served(
    signed_in, other_client_admin, invoiced, caplog
):
    order, _face_value, fees = invoiced
    http = signed_in(other_client_admin)

    listing = http.get(reverse("billing:documents"))
    with caplog.at_level(logging.WARNING, logger="titresto.security"):
        pdf = http.get(reverse("billing:pdf", args=[fees.public_id]))
        xml = http.get(reverse("billing:xml", args=[fees.public_id]))
    detail = http.get(reverse("billing:order_detail_csv", args=[order.public_id]))

    assert fees.number not in listing.content.decode()
    assert (pdf.status_code, xml.status_code, detail.status_code) == (404, 404, 404)
    refusals = [record for record in caplog.records if record.name == "titresto.security"]
    assert len(refusals) == 2 and fees.public_id in refusals[0].getMessage()


def test_a_download_gives_the_stored_bytes_again(signed_in, visiteur, invoiced):
    _order, _face_value, fees = invoiced
    http = signed_in(visiteur)

    first = http.get(reverse("billing:pdf", args=[fees.public_id]))
    again = http.get(reverse("billing:pdf", args=[fees.public_id]))
    xml = http.get(reverse("billing:xml", args=[fees.public_id]))

    assert first["Content-Type"] == "application/pdf"
    assert first["Content-Disposition"] == f'attachment; filename="{fees.number}.pdf"'
    assert first.content == again.content
    assert hashlib.sha256(first.content).hexdigest() == fees.pdf_sha256
    assert hashlib.sha256(xml.content).hexdigest() == fees.xml_sha256


def test_bytes_changed_in_storage_are_never_served(signed_in, client_admin, invoiced):
    _order, _face_value, fees = invoiced
    storage = documents_storage()
    storage.delete(fees.pdf_name)
    storage.save(fees.pdf_name, ContentFile(b"%PDF-1.7 forged"))

    with pytest.raises(Exception, match="SHA-256"):
        signed_in(client_admin).get(reverse("billing:pdf", args=[fees.public_id]))


def test_a_commandeur_sees_the_documents_of_orders_but_no_statement(
    signed_in, commandeur, visiteur, invoiced, caplog
):
    _order, _face_value, fees = invoiced
    (statement,) = _copies(fees, 1, kind=K.STATEMENT)

    as_commandeur = signed_in(commandeur)
    listing = as_commandeur.get(reverse("billing:documents")).content.decode()
    with caplog.at_level(logging.WARNING, logger="titresto.security"):
        refused = as_commandeur.get(reverse("billing:pdf", args=[statement.public_id]))
    as_visiteur = signed_in(visiteur).get(reverse("billing:documents")).content.decode()

    assert fees.number in listing and statement.number not in listing
    assert refused.status_code == 403
    assert any("403" in record.getMessage() for record in caplog.records)
    assert statement.number in as_visiteur


def test_filters_by_type_period_and_order(signed_in, client_admin, invoiced):
    order, face_value, fees = invoiced
    other_order = paid_order(actor_for(client_admin), count=1)
    other_face_value, other_fees = invoices_issue(order_id=other_order.pk, now=timezone.now())
    Document.objects.filter(pk=other_fees.pk).update(issue_date="2026-01-15")
    http = signed_in(client_admin)

    def numbers(**filters):
        page = http.get(reverse("billing:documents"), filters).content.decode()
        return {
            number
            for number in (
                face_value.number,
                fees.number,
                other_face_value.number,
                other_fees.number,
            )
            if f'<span class="fw-normal">{number}</span>' in page
        }

    assert numbers(type="FEES_INVOICE") == {fees.number, other_fees.number}
    assert numbers(commande=order.number) == {face_value.number, fees.number}
    assert numbers(du="01/01/2026", au="31/01/2026") == {other_fees.number}
    refused = http.get(reverse("billing:documents"), {"du": "31/02/2026"})
    assert "31/02/2026" in refused.content.decode()  # said at its field, the list unfiltered


def test_the_orders_page_links_to_its_documents(signed_in, client_admin, invoiced):
    order, _face_value, _fees = invoiced

    page = signed_in(client_admin).get(reverse("orders:detail", args=[order.public_id]))

    assert f"{reverse('billing:documents')}?commande={order.number}" in page.content.decode()


def test_the_line_detail_lists_each_beneficiary_with_both_shares(signed_in, visiteur, invoiced):
    order, face_value, _fees = invoiced

    response = signed_in(visiteur).get(reverse("billing:order_detail_csv", args=[order.public_id]))

    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0][:4] == ["Matricule", "Nom", "Prénom", "Titres"]
    assert len(rows) == 1 + order.line_count
    matricules = set(order.lines.values_list("beneficiary__matricule", flat=True))
    assert {row[0] for row in rows[1:]} == matricules

    def cents(text):
        return int(text.replace(",", ""))

    assert sum(cents(row[5]) for row in rows[1:]) == face_value.total_cents
    assert all(cents(row[6]) + cents(row[7]) == cents(row[5]) for row in rows[1:])
    assert all(row[10].startswith(order.lines.first().delivery_point.code) for row in rows[1:])


def test_the_line_detail_as_a_workbook(signed_in, client_admin, invoiced):
    from python_calamine import CalamineWorkbook

    order, _face_value, _fees = invoiced

    response = signed_in(client_admin).get(
        reverse("billing:order_detail_xlsx", args=[order.public_id])
    )

    workbook = CalamineWorkbook.from_filelike(io.BytesIO(b"".join(response.streaming_content)))
    rows = workbook.get_sheet_by_index(0).to_python()
    assert rows[0][0] == "Matricule" and len(rows) == 1 + order.line_count


@pytest.mark.parametrize("extra", [0, 60])
def test_the_list_costs_the_same_queries_for_2_or_62_documents(
    signed_in, client_admin, invoiced, extra, django_assert_num_queries
):
    _order, _face_value, fees = invoiced
    _copies(fees, extra, kind=K.CREDIT_NOTE)
    http = signed_in(client_admin)
    http.get(reverse("billing:documents"))  # the session's first read

    # session, user, memberships, count, page of documents (with order and linked document)
    with django_assert_num_queries(5):
        response = http.get(reverse("billing:documents"))

    assert response.status_code == 200
