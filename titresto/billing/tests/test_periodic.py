"""The pro-forma of an order awaiting a transfer, and the monthly statement."""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from tests.factories import actor_for
from titresto.billing.models import Document
from titresto.billing.services import (
    credit_note_issue,
    invoices_issue,
    proforma_issue,
    proformas_issue_missed,
    statement_issue,
    statements_issue_month,
)
from titresto.billing.services.periodic import statement_rows
from titresto.billing.tests.helpers import paid_order
from titresto.billing.tests.test_invoices import _read
from titresto.orders.services.orders import order_choose_transfer
from titresto.orders.tests.payment_helpers import payable

pytestmark = pytest.mark.django_db
K = Document.Kind


@pytest.fixture
def admin(client_admin):
    return actor_for(client_admin)


def test_choosing_a_transfer_gives_the_order_its_pro_forma_once(
    admin, django_capture_on_commit_callbacks
):
    order = payable(admin)

    with django_capture_on_commit_callbacks(execute=True):
        order = order_choose_transfer(actor=admin, order=order, now=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        order_choose_transfer(actor=admin, order=order, now=timezone.now())  # asked again

    (proforma,) = Document.objects.filter(order=order)
    assert proforma.kind == K.PROFORMA and proforma.number.startswith("PF-")
    assert proforma.total_cents == order.total_cents  # face value, fees and VAT: what to transfer
    assert proforma.xml_name == "" and _read(proforma.pdf_name).startswith(b"%PDF-")
    assert proforma_issue(order_id=order.pk, now=timezone.now()) is None


def test_an_order_paid_by_card_gets_no_pro_forma(admin):
    order = paid_order(admin)

    assert proforma_issue(order_id=order.pk, now=timezone.now()) is None
    assert proformas_issue_missed(now=timezone.now()) == 0
    assert not Document.objects.filter(kind=K.PROFORMA).exists()


def test_the_statement_sums_the_months_invoices_credit_notes_and_payments(admin):
    order = paid_order(admin)
    face_value, fees = invoices_issue(order_id=order.pk, now=timezone.now())
    credit_note = credit_note_issue(
        order=order, kind=K.FACE_VALUE, amount_cents=1000, reason="Chargement refusé",
        by=None, now=timezone.now(),
    )  # fmt: skip
    today = timezone.localdate()

    rows = statement_rows(client=admin.client, start=today.replace(day=1), end=today)
    statement = statement_issue(client_id=admin.client.pk, month=today, now=timezone.now())

    assert sum(row.debit_cents for row in rows) == face_value.total_cents + fees.total_cents
    assert sum(row.credit_cents for row in rows) == credit_note.total_cents + order.total_cents
    assert statement.kind == K.STATEMENT and statement.order is None
    assert statement.period_start == today.replace(day=1)
    assert statement.total_cents == order.total_cents
    assert statement_issue(client_id=admin.client.pk, month=today, now=timezone.now()) is None


def test_the_first_of_the_month_gives_last_months_statements_to_clients_that_had_any(
    admin, other_client_admin
):
    with time_machine.travel(dt.datetime(2026, 11, 20, 10, tzinfo=dt.UTC)):
        order = paid_order(admin)
        invoices_issue(order_id=order.pk, now=timezone.now())

    with time_machine.travel(dt.datetime(2026, 12, 1, 5, tzinfo=dt.UTC)):
        issued = statements_issue_month(now=timezone.now())
        again = statements_issue_month(now=timezone.now())

    assert (issued, again) == (1, 0)
    statement = Document.objects.get(kind=K.STATEMENT)
    assert statement.client == admin.client
    assert (statement.period_start, statement.period_end) == (
        dt.date(2026, 11, 1),
        dt.date(2026, 11, 30),
    )


def test_the_statements_run_on_the_first_of_each_month():
    from titresto.celery import app

    schedule = app.conf.beat_schedule["issue-monthly-statements"]["schedule"]
    assert schedule.is_due(dt.datetime(2026, 11, 30, 23, 0)) is not None
    assert schedule.day_of_month == {1}
