"""Accounting documents, in Chromium: a manager pays an order by card, follows « Documents
comptables » from the order's page to « Mes documents comptables », finds the face-value and
fees invoices that together make the price paid, and downloads the fees invoice: the very
bytes stored, a Factur-X PDF — axe-core on every page."""

import hashlib
import re

import facturx
import pytest
from playwright.sync_api import expect

from tests.e2e.test_order_journeys import check_page, sign_in
from tests.factories import actor_for
from titresto.billing.models import Document
from titresto.core.money import format_eur
from titresto.orders.tests.payment_helpers import payable

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_manager_downloads_the_invoice_of_a_paid_order(page, client_admin) -> None:
    order = payable(actor_for(client_admin), count=2)
    sign_in(page, client_admin)

    page.goto(f"/commandes/{order.public_id}/")
    page.get_by_test_id("pay-card").click()
    page.get_by_label("Numéro de carte").fill("4242 4242 4242 4242")
    page.get_by_label("Date d'expiration (MM/AA)").fill("12/30")
    page.get_by_label("Cryptogramme (3 chiffres au dos)").fill("123")
    page.get_by_label("Cryptogramme (3 chiffres au dos)").press("Enter")
    page.wait_for_url(re.compile(r"/commandes/[0-9a-z]{12}/$"))
    expect(page.locator("#messages")).to_contain_text("Paiement accepté")

    page.get_by_test_id("documents").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mes documents comptables")
    rows = page.get_by_test_id("document-row")
    expect(rows).to_have_count(2)
    fees = Document.objects.get(order=order, kind=Document.Kind.FEES_INVOICE)
    face_value = Document.objects.get(order=order, kind=Document.Kind.FACE_VALUE)
    assert fees.total_cents + face_value.total_cents == order.total_cents
    expect(page.get_by_role("main")).to_contain_text(format_eur(fees.total_cents))
    check_page(page)
    check_page(page, phone=True)

    with page.expect_download() as download_info:
        page.get_by_role("link", name=f"PDF {fees.number}", exact=True).click()
    download = download_info.value
    assert download.suggested_filename == f"{fees.number}.pdf"
    with open(download.path(), "rb") as downloaded:
        data = downloaded.read()
    assert hashlib.sha256(data).hexdigest() == fees.pdf_sha256
    assert facturx.get_facturx_xml_from_pdf(data)[0] == "factur-x.xml"
