"""A paid order's two documents: issued once, summing to the price paid, valid Factur-X
(XSD, EN 16931 rules, the XML read back from the PDF), numbered without gaps."""

import datetime as dt
import hashlib
import threading
from decimal import Decimal

import facturx
import pytest
from django.core.files.storage import storages
from django.db import transaction
from django.utils import timezone

from tests.factories import actor_for
from titresto.billing.models import Document
from titresto.billing.services import OrderNotPaid, invoices_issue, invoices_issue_missed
from titresto.billing.tests.helpers import Cii, en16931_violations, paid_order
from titresto.core.models import AuditEvent, SequenceCounter
from titresto.core.tests.concurrency import needs_row_locks, run_at_once
from titresto.orders.models import Order
from titresto.orders.services.orders import order_mark_paid, order_reprice
from titresto.orders.tests.order_helpers import shop
from titresto.orders.tests.payment_helpers import payable

K = Document.Kind


@pytest.fixture
def admin(client_admin):
    return actor_for(client_admin)


def _issued(order):
    return {
        document.kind: document
        for document in invoices_issue(order_id=order.pk, now=timezone.now())
    }


def _read(name) -> bytes:
    with storages["documents"].open(name, "rb") as stored:
        return stored.read()


def _pdfa_identification(pdf: bytes) -> tuple[bytes, bytes]:
    """The PDF/A part and conformance its XMP metadata declares (PDF/A-3b: 3, B)."""
    import re
    from io import BytesIO

    from pypdf import PdfReader

    xmp = PdfReader(BytesIO(pdf)).trailer["/Root"]["/Metadata"].get_object().get_data()
    part = re.search(rb"pdfaid:part>(\w+)<", xmp)
    conformance = re.search(rb"pdfaid:conformance>(\w+)<", xmp)
    assert part and conformance, "no PDF/A identification"
    return part.group(1), conformance.group(1)


def _files_named(stem: str) -> list[str]:
    storage = storages["documents"]
    folder = f"{timezone.localdate().year}/fees_invoice"
    if not storage.exists(folder):
        return []
    return sorted(name for name in storage.listdir(folder)[1] if name.startswith(stem))


@pytest.mark.django_db
def test_a_paid_order_gets_its_two_documents_once_and_together_they_make_its_price(admin):
    order = paid_order(admin, count=3)

    documents = _issued(order)
    again = invoices_issue(order_id=order.pk, now=timezone.now())  # a redelivered task

    assert again == ()
    fees, face = documents[K.FEES_INVOICE], documents[K.FACE_VALUE]
    assert fees.total_cents + face.total_cents == order.total_cents
    assert face.total_cents == order.breakdown["face_value_cents"] and face.vat_cents == 0
    assert fees.total_excl_vat_cents == order.breakdown["fees_excl_vat_cents"]
    assert fees.vat_cents == order.breakdown["vat_cents"]
    assert fees.refers_to == face and Document.objects.get(pk=face.pk).refers_to == fees
    assert {fees.order_id, face.order_id} == {order.pk}
    assert fees.number == f"FA-{timezone.localdate().year}-000001"
    assert face.number == f"VF-{timezone.localdate().year}-000001"
    assert Document.objects.filter(order=order).count() == 2
    assert sum(line.total_cents for line in face.lines.all()) == face.total_cents
    assert AuditEvent.objects.filter(action="document.issued", client=order.client).count() == 2


@pytest.mark.django_db
def test_the_stored_bytes_are_factur_x_and_their_xml_matches_the_figures(admin):
    order = paid_order(admin, count=2)

    for document in _issued(order).values():
        pdf, xml = _read(document.pdf_name), _read(document.xml_name)
        assert hashlib.sha256(pdf).hexdigest() == document.pdf_sha256
        assert hashlib.sha256(xml).hexdigest() == document.xml_sha256
        assert _pdfa_identification(pdf) == (b"3", b"B")
        filename, embedded = facturx.get_facturx_xml_from_pdf(pdf, check_xsd=True)
        assert filename == "factur-x.xml" and embedded == xml
        assert facturx.xml_check_xsd(embedded, flavor="factur-x", level="en16931")
        cii = Cii(embedded)
        assert cii.text("//rsm:ExchangedDocument/ram:ID") == document.number
        assert cii.text("//ram:BuyerOrderReferencedDocument/ram:IssuerAssignedID") == order.number
        assert cii.text("//ram:AdditionalReferencedDocument/ram:IssuerAssignedID") == (
            document.refers_to.number
        )
        assert cii.summation("GrandTotalAmount") == Decimal(document.total_cents) / 100
        assert cii.summation("TaxTotalAmount") == Decimal(document.vat_cents) / 100
        assert cii.summation("DuePayableAmount") == 0  # paid by card at order time
        assert en16931_violations(embedded) == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("commission_rate", "count", "titres", "face_value"),
    [("1.37", 3, 17, 733), ("0.00", 1, 1, 650), ("2.49", 7, 31, 1464)],
)
def test_odd_prices_still_meet_en16931s_sums_and_rounding(
    commission_rate, count, titres, face_value
):
    actor = shop()
    actor.client.contracts.update(
        commission_rate=Decimal(commission_rate), commission_min_cents=0, card_fee_cents=333
    )
    order = payable(actor, count=count)
    order.lines.update(titres=titres, face_value_cents=face_value)
    order_reprice(order, now=timezone.now())
    order = order_mark_paid(order=order, by="Sandbox", method="TRANSFER", now=timezone.now())

    documents = _issued(order)

    assert sum(document.total_cents for document in documents.values()) == order.total_cents
    for document in documents.values():
        assert en16931_violations(_read(document.xml_name)) == [], document.kind


def test_the_rules_checker_catches_a_broken_sum_and_a_mixed_breakdown():
    """The checker above can fail: a fees invoice with one amount off and a VAT number on a
    face-value document are caught."""
    from titresto.billing.cii import cii_xml
    from titresto.billing.content import (
        Content,
        Reference,
        issuer_party,
        legal_notes,
        numbered,
        vat_breakdowns,
    )

    lines = numbered([("Commission", 1, 1234, "S", 2000)])
    content = Content(
        kind="FEES_INVOICE",
        title="Facture",
        number="FA-2026-000009",
        issue_date=dt.date(2026, 12, 3),
        service_date=dt.date(2026, 12, 3),
        due_date=dt.date(2026, 12, 3),
        seller=issuer_party(),
        buyer=issuer_party(),
        order_number="CMD-2026-000001",
        contract_number="CT00000001",
        lines=lines,
        breakdowns=vat_breakdowns(lines),
        paid_cents=0,
        payment_method="TRANSFER",
        iban="FR7630006000011234567890189",
        references=(Reference("x", "VF-1"),),
        notes=legal_notes(),
    )
    good = cii_xml(content)
    assert en16931_violations(good) == []

    off_by_a_cent = good.replace(b"<ram:CalculatedAmount>2.47<", b"<ram:CalculatedAmount>2.46<")
    assert "BR-CO-14" in en16931_violations(off_by_a_cent)
    mixed = numbered([("Commission", 1, 1234, "S", 2000), ("Titres", 2, 1000, "O", None)])
    both = Content(**{**content.__dict__, "lines": mixed, "breakdowns": vat_breakdowns(mixed)})
    assert {"BR-O-11", "BR-O-02"} <= set(en16931_violations(cii_xml(both)))


@pytest.mark.django_db
def test_an_order_of_cards_only_gets_a_fees_invoice_alone(admin):
    order = payable(admin, count=2)
    order.lines.update(titres=0)
    order_reprice(order, now=timezone.now())
    order = order_mark_paid(order=order, by="Sandbox", method="CARD", now=timezone.now())

    documents = _issued(order)

    assert set(documents) == {K.FEES_INVOICE}
    assert documents[K.FEES_INVOICE].total_cents == order.total_cents


@pytest.mark.django_db
def test_an_unpaid_order_gets_no_document(admin):
    order = payable(admin)

    with pytest.raises(OrderNotPaid):
        invoices_issue(order_id=order.pk, now=timezone.now())

    assert not Document.objects.exists()
    assert not SequenceCounter.objects.filter(kind__startswith="billing.").exists()


@pytest.mark.django_db
def test_a_rendering_that_fails_takes_no_number_and_leaves_no_file(admin, monkeypatch, settings):
    order = paid_order(admin)
    calls = {"count": 0}
    from weasyprint import HTML

    real = HTML.write_pdf

    def fails_the_second_time(self, *args, **kwargs):
        calls["count"] += 1
        if calls["count"] == 2:
            raise OSError("font cache unreadable")
        return real(self, *args, **kwargs)

    files_before = _files_named(f"FA-{timezone.localdate().year}-000001")
    monkeypatch.setattr(HTML, "write_pdf", fails_the_second_time)
    with pytest.raises(OSError):
        invoices_issue(order_id=order.pk, now=timezone.now())
    assert not Document.objects.exists()
    assert not SequenceCounter.objects.filter(
        kind__startswith="billing.", last_number__gt=0
    ).exists()
    year = str(timezone.localdate().year)
    assert _files_named(f"FA-{year}-000001") == files_before

    documents = _issued(order)  # the retry takes the numbers the failure gave back
    assert documents[K.FEES_INVOICE].number == f"FA-{year}-000001"


@pytest.mark.django_db
def test_payment_starts_the_invoicing_after_commit(admin, django_capture_on_commit_callbacks):
    order = payable(admin)

    with django_capture_on_commit_callbacks(execute=True):
        order_mark_paid(order=order, by="Sandbox", method="CARD", now=timezone.now())

    assert set(Document.objects.filter(order=order).values_list("kind", flat=True)) == {
        K.FEES_INVOICE,
        K.FACE_VALUE,
    }


@pytest.mark.django_db
def test_beat_invoices_a_paid_order_whose_message_was_lost(admin):
    lost = paid_order(admin)
    recent = paid_order(admin)
    Order.objects.filter(pk=lost.pk).update(paid_at=timezone.now() - dt.timedelta(minutes=10))

    assert invoices_issue_missed(now=timezone.now()) == 1

    assert Document.objects.filter(order=lost).count() == 2
    assert not Document.objects.filter(order=recent).exists()
    assert invoices_issue_missed(now=timezone.now()) == 0


@needs_row_locks
@pytest.mark.django_db(transaction=True)
def test_workers_racing_issue_gapless_numbers_and_each_order_once(client_admin):
    admin = actor_for(client_admin)
    # Paid without the payment's message (it would invoice them at once, on commit).
    orders = [payable(admin, count=1) for _ in range(4)]
    Order.objects.filter(pk__in=[order.pk for order in orders]).update(
        status=Order.Status.PAID, paid_at=timezone.now(), payment_method="CARD"
    )
    start = threading.Barrier(8)

    def issue(order):
        def work():
            start.wait()
            return len(invoices_issue(order_id=order.pk, now=timezone.now()))

        return work

    # Two workers per order, four orders at once.
    outcomes = run_at_once(*[issue(order) for order in orders for _ in range(2)])

    assert sorted(outcomes) == [0, 0, 0, 0, 2, 2, 2, 2], outcomes
    year = timezone.localdate().year
    for kind, prefix in ((K.FEES_INVOICE, "FA"), (K.FACE_VALUE, "VF")):
        numbers = sorted(Document.objects.filter(kind=kind).values_list("number", flat=True))
        assert numbers == [f"{prefix}-{year}-{n:06d}" for n in range(1, 5)]
    assert all(Document.objects.filter(order=order).count() == 2 for order in orders)
    with transaction.atomic():
        assert SequenceCounter.objects.get(kind="billing.fees_invoice", year=year).last_number == 4
