"""« Carte et chargements »: the beneficiary's card, its history, its loads and the amount
loaded, at a fixed number of queries whatever the number of loads."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.factories import BeneficiaryFactory, actor_for
from titresto.cards.models import Card
from titresto.core.money import format_eur
from titresto.fulfilment.models import Load
from titresto.fulfilment.services import fulfilment_start
from titresto.orders.services.orders import order_mark_paid
from titresto.orders.tests.payment_helpers import payable

pytestmark = pytest.mark.django_db


def _delivered(admin, settings, capture, count=1):
    settings.FULFILMENT_SIMULATOR = True
    order = payable(admin, count=count)
    with capture(execute=True):
        order_mark_paid(order=order, by="Sandbox", method="CARD", now=timezone.now())
    return order


def test_the_card_page_shows_the_active_card_its_history_and_credited_loads(
    client_admin, signed_in, settings, django_capture_on_commit_callbacks
):
    order = _delivered(actor_for(client_admin), settings, django_capture_on_commit_callbacks)
    card = Card.objects.get(order_lines__order=order)
    Card.objects.filter(pk=card.pk).update(last_four="1234")
    load = Load.objects.get(order=order)
    http = signed_in(client_admin)

    page = http.get(reverse("fulfilment:beneficiary_card", args=[card.beneficiary.public_id]))

    text = page.content.decode()
    assert page.status_code == 200
    assert "1234" in text and "Active" in text
    assert card.expiry_date is not None and card.expiry_date.strftime("%d/%m/%Y") in text
    for step in ("En fabrication", "Expédiée", "Active"):
        assert step in text
    assert order.number in text and "Crédité" in text
    assert format_eur(load.amount_cents) in text
    assert "Montant chargé" in text and "Solde" not in text
    detail = http.get(reverse("beneficiaries:detail", args=[card.beneficiary.public_id]))
    assert 'data-testid="card-tab"' in detail.content.decode()


def test_the_card_page_costs_the_same_with_one_load_or_fifty(
    client_admin, signed_in, settings, django_capture_on_commit_callbacks
):
    admin = actor_for(client_admin)
    order = _delivered(admin, settings, django_capture_on_commit_callbacks)
    card = Card.objects.get(order_lines__order=order)
    url = reverse("fulfilment:beneficiary_card", args=[card.beneficiary.public_id])
    http = signed_in(client_admin)
    costs = []
    http.get(url)
    for _ in range(2):
        with CaptureQueriesContext(connection) as queries:
            text = http.get(url).content.decode()
        costs.append((len(queries), text.count('<tr><th scope="row">')))
        more = order_mark_paid(
            order=payable(admin, count=49), by="Sandbox", method="CARD", now=timezone.now()
        )
        fulfilment_start(order_id=more.pk, now=timezone.now())
        Load.objects.filter(order=more).update(card=card)

    # session, user, memberships, the beneficiary, their cards, its history, the loads' sums,
    # a page of loads
    assert costs == [(8, 1), (8, 50)]


def test_someone_without_a_card_yet_is_told_when_it_comes(client_admin, signed_in):
    person = BeneficiaryFactory(client=client_admin.client)

    page = signed_in(client_admin).get(
        reverse("fulfilment:beneficiary_card", args=[person.public_id])
    )

    assert 'data-testid="no-card"' in page.content.decode()
