"""After payment: the start (cards, parcels, loads, once), the derived order status, the
partners' signed events (bad, stale, replayed, out of order), the simulated partners from
payment to loaded cards, and the loads credited on their day."""

import datetime as dt
import json
import time
from collections import Counter

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from tests.factories import CardFactory, actor_for
from titresto.cards.models import Card
from titresto.core.signing import sign
from titresto.fulfilment.loads import loads_credit_due
from titresto.fulfilment.models import Load, Parcel, Partner, PartnerEvent
from titresto.fulfilment.progress import stage_of
from titresto.fulfilment.services import card_expiry, fulfilment_start
from titresto.fulfilment.states import LOAD_TABLE, PARCEL_TABLE
from titresto.fulfilment.webhooks import SIGNATURE_HEADER, partner_secret
from titresto.orders.models import Order, OrderLine
from titresto.orders.services.orders import order_mark_paid
from titresto.orders.tests.payment_helpers import payable

pytestmark = pytest.mark.django_db
P, C, S = Parcel.Status, Card.Status, Order.Status


@pytest.fixture
def admin(client_admin):
    return actor_for(client_admin)


def _paid(admin, count=3):
    order = payable(admin, count=count)
    return order_mark_paid(order=order, by="Sandbox", method="CARD", now=timezone.now())


def test_the_stage_follows_the_slowest_parcel_and_never_needs_a_card_to_be_paid():
    assert stage_of({}, {}) == S.PAID
    assert stage_of({C.ORDERED: 3}, {P.PREPARED: 1}) == S.PAID
    assert stage_of({C.IN_MANUFACTURE: 3}, {P.PREPARED: 1}) == S.IN_MANUFACTURE
    assert (
        stage_of({C.SHIPPED: 2, C.IN_MANUFACTURE: 1}, {P.HANDED_OVER: 1, P.PREPARED: 1})
        == S.SHIPPED
    )
    assert stage_of({C.SHIPPED: 3}, {P.DELIVERED: 1, P.INCIDENT: 1}) == S.SHIPPED
    assert stage_of({C.ACTIVE: 3}, {P.DELIVERED: 2}) == S.DELIVERED


def test_a_paid_order_starts_once_with_its_cards_parcels_and_loads(admin):
    order = _paid(admin, count=3)

    assert fulfilment_start(order_id=order.pk, now=timezone.now()) is True
    assert fulfilment_start(order_id=order.pk, now=timezone.now()) is False  # a redelivery

    lines = list(order.lines.select_related("card"))
    assert all(line.card.status == C.ORDERED for line in lines)
    parcel = Parcel.objects.get(order=order)  # the three people share one delivery point
    assert parcel.card_count == parcel.cards.count() == 3
    assert Load.objects.filter(order=order).count() == 3
    load = Load.objects.filter(order=order).first()
    assert load.amount_cents == load.order_line.titres * load.order_line.face_value_cents
    assert load.due_on == timezone.localdate(order.paid_at)


def test_a_replacement_retires_the_card_it_replaces(admin):
    order = payable(admin, count=1)
    line = order.lines.get()
    lost = CardFactory(client=admin.client, beneficiary=line.beneficiary, status=C.ACTIVE)
    # As the draft's line asked it: a replacement of a stolen card.
    OrderLine.objects.filter(pk=line.pk).update(
        card_action="REPLACEMENT", replacement_reason="STOLEN"
    )
    paid = order_mark_paid(order=order, by="Sandbox", method="CARD", now=timezone.now())

    fulfilment_start(order_id=paid.pk, now=timezone.now())

    lost.refresh_from_db()
    new = Card.objects.get(beneficiary=line.beneficiary, status=C.ORDERED)
    assert lost.status == C.BLOCKED and new.replacement_reason == "STOLEN"
    assert lost.events.get().reason == "Vol"


def _post(http, partner, event, *, secret=None, at=None):
    body = json.dumps(event).encode()
    signature = sign(body, secret or partner_secret(partner), at=at)
    return http.post(
        reverse("fulfilment:partner_webhook", args=[partner.lower()]),
        data=body,
        content_type="application/json",
        headers={SIGNATURE_HEADER: signature},
    )


def test_partner_events_are_checked_stored_once_and_refused_out_of_order(admin, client):
    order = _paid(admin)
    fulfilment_start(order_id=order.pk, now=timezone.now())
    parcel = Parcel.objects.get(order=order)
    delivered = {"id": "e1", "type": "parcel.delivered", "data": {"parcel": parcel.public_id}}
    handed = {
        "id": "e2",
        "type": "parcel.handed_over",
        "data": {"parcel": parcel.public_id, "carrier": "COLISSIMO", "tracking_number": "6A123"},
    }

    forged = _post(client, Partner.CARRIER, delivered, secret="forged")
    stale = _post(client, Partner.CARRIER, delivered, at=int(time.time()) - 600)
    assert forged.status_code == stale.status_code == 403 and not PartnerEvent.objects.exists()

    early = _post(client, Partner.CARRIER, delivered)  # delivered before it was handed over
    assert early.status_code == 409
    assert PartnerEvent.objects.get(event_id="e1").applied is False

    unknown = _post(
        client, Partner.CARRIER, {**delivered, "id": "e3", "data": {"parcel": "x" * 12}}
    )
    assert unknown.status_code == 404

    assert _post(client, Partner.MANUFACTURER, handed).status_code == 200
    assert _post(client, Partner.MANUFACTURER, handed).json() == {"outcome": "replayed"}
    parcel.refresh_from_db()
    assert (parcel.status, parcel.tracking_number) == (P.HANDED_OVER, "6A123")
    order.refresh_from_db()
    assert order.status == S.SHIPPED
    assert list(order.events.values_list("to_status", flat=True))[-2:] == [
        S.IN_MANUFACTURE,
        S.SHIPPED,
    ]


def test_the_simulated_partners_take_a_paid_order_to_loaded_cards(
    admin, settings, django_capture_on_commit_callbacks
):
    settings.FULFILMENT_SIMULATOR = True
    order = payable(admin, count=2)

    with django_capture_on_commit_callbacks(execute=True):
        order_mark_paid(order=order, by="Sandbox", method="CARD", now=timezone.now())

    order.refresh_from_db()
    assert order.status == S.DELIVERED
    parcel = Parcel.objects.get(order=order)
    assert parcel.carrier == "COLISSIMO" and parcel.tracking_number.startswith("6A")
    assert set(Card.objects.filter(parcels=parcel).values_list("status", flat=True)) == {C.ACTIVE}
    assert set(Load.objects.filter(order=order).values_list("status", flat=True)) == {"CREDITED"}
    assert Counter(PartnerEvent.objects.values_list("applied", flat=True)) == {True: 6}
    assert all(len(card.last_four) == 4 for card in Card.objects.filter(parcels=parcel))


def test_loads_wait_for_their_day_and_their_active_card(admin):
    order = _paid(admin, count=1)
    Order.objects.filter(pk=order.pk).update(load_date=dt.date(2027, 1, 5))
    fulfilment_start(order_id=order.pk, now=timezone.now())
    card = Card.objects.get(order_lines__order=order)
    Card.objects.filter(pk=card.pk).update(status=C.ACTIVE)

    assert loads_credit_due(now=timezone.now()) == 0  # its day has not come
    with time_machine.travel(dt.datetime(2027, 1, 5, 8, tzinfo=dt.UTC)):
        assert loads_credit_due(now=timezone.now()) == 1
        assert loads_credit_due(now=timezone.now()) == 0  # once

    load = Load.objects.get(order=order)
    assert load.status == "CREDITED" and load.credited_at is not None
    assert load.events.get().to_status == "CREDITED"
    # The card's balance ledger: one entry, titres of 2027 usable until the end of February 2028.
    entry = card.ledger_entries.get()
    assert (entry.kind, entry.amount_cents, entry.load_year) == ("LOAD", load.amount_cents, 2027)
    balance = card.balances.get()
    assert (balance.balance_cents, balance.usable_until) == (
        load.amount_cents,
        dt.date(2028, 2, 29),
    )


def test_a_line_is_loaded_once_by_constraint(admin):
    from django.db import IntegrityError

    order = _paid(admin, count=1)
    fulfilment_start(order_id=order.pk, now=timezone.now())
    load = Load.objects.get(order=order)

    with pytest.raises(IntegrityError):
        Load.objects.create(
            client=load.client,
            order=order,
            order_line=load.order_line,
            amount_cents=1,
            due_on=load.due_on,
        )


@pytest.mark.parametrize("table", [PARCEL_TABLE, LOAD_TABLE], ids=["parcel", "load"])
def test_every_move_of_the_tables_is_for_partners_and_staff_only(table):
    moves = table.moves()
    assert moves and all(move.capability is None for move in moves)
    assert all(move.event == move.target for move in moves)


def test_a_card_is_valid_three_years_to_the_end_of_its_month():
    assert card_expiry(dt.date(2026, 12, 3)) == dt.date(2029, 12, 31)
    assert card_expiry(dt.date(2026, 2, 10)) == dt.date(2029, 2, 28)


def test_the_tracking_page_shows_steps_parcels_links_and_loads_at_a_fixed_cost(
    admin, client_admin, signed_in, settings, django_capture_on_commit_callbacks
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.FULFILMENT_SIMULATOR = True
    http = signed_in(client_admin)
    costs = []
    for count in (2, 40):
        order = payable(admin, count=count)
        with django_capture_on_commit_callbacks(execute=True):
            order_mark_paid(order=order, by="Sandbox", method="CARD", now=timezone.now())
        url = reverse("fulfilment:tracking", args=[order.public_id])
        http.get(url)
        with CaptureQueriesContext(connection) as queries:
            page = http.get(url).content.decode()
        costs.append(len(queries))
        parcel = Parcel.objects.get(order=order)
        assert f"code={parcel.tracking_number}" in page and "Livrée" in page
        assert f"Crédité : {count}" in page
    # session, user, memberships, the order, its history, parcels, load counts, a page of
    # loads (its ids by the index, then its rows)
    assert costs[0] == costs[1] == 9
    detail = http.get(reverse("orders:detail", args=[order.public_id])).content.decode()
    assert 'data-testid="tracking"' in detail


def test_a_reload_onto_active_cards_is_credited_at_payment(admin):
    order = payable(admin, count=2)
    for line in order.lines.all():
        CardFactory(client=admin.client, beneficiary=line.beneficiary, status=C.ACTIVE)
    OrderLine.objects.filter(order=order).update(card_action="NONE")
    paid = order_mark_paid(order=order, by="Sandbox", method="CARD", now=timezone.now())

    fulfilment_start(order_id=paid.pk, now=timezone.now())

    assert not Parcel.objects.filter(order=paid).exists()
    assert set(Load.objects.filter(order=paid).values_list("status", flat=True)) == {"CREDITED"}
