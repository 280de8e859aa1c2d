"""A manager's opposition on a lost or stolen card from « Carte et chargements », and the
replacement offered right after it: a one-line draft « unitaire » with the reason."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import CardFactory, actor_for
from titresto.beneficiaries.models import Beneficiary
from titresto.cards.models import Card, CardAction, CardEvent, ReplacementReason
from titresto.cards.services import card_oppose
from titresto.core.models import AuditEvent
from titresto.fulfilment.models import Load
from titresto.fulfilment.services import fulfilment_start
from titresto.orders.models import Order, OrderLine
from titresto.orders.services.orders import order_mark_paid, order_submit
from titresto.orders.services.replacements import draft_replacement
from titresto.orders.tests.order_helpers import draft_with

pytestmark = pytest.mark.django_db


def _urls(card: Card) -> tuple[str, str, str]:
    person = card.beneficiary.public_id
    return (
        reverse("fulfilment:card_opposition", args=[person]),
        reverse("fulfilment:card_replacement", args=[person]),
        reverse("fulfilment:beneficiary_card", args=[person]),
    )


def test_a_manager_opposes_a_lost_card_and_orders_its_replacement(client_admin, signed_in):
    card = CardFactory(beneficiary__client=client_admin.client, last_four="4321")
    oppose, replace, card_page = _urls(card)
    http = signed_in(client_admin)

    form = http.get(oppose)
    done = http.post(oppose, {"card": card.pk, "reason": ReplacementReason.LOST})

    assert form.status_code == 200 and "4321" in form.content.decode()
    assert done.status_code == 302 and done["Location"] == card_page
    card.refresh_from_db()
    assert card.status == Card.Status.BLOCKED
    step = CardEvent.objects.get(card=card)
    assert (step.event, step.from_status, step.reason) == ("OPPOSE_LOST", "ACTIVE", "Perte")
    assert step.actor_user == client_admin.user
    audit = AuditEvent.objects.get(action="card.oppose")
    assert audit.client == client_admin.client and audit.data["reason"] == "LOST"
    page = http.get(card_page).content.decode()
    assert 'data-testid="replacement-offer"' in page and 'value="LOST"' in page
    assert 'data-testid="oppose-link"' not in page

    offered = http.post(replace, {"reason": ReplacementReason.LOST})
    again = http.post(replace, {"reason": ReplacementReason.LOST})

    draft = Order.objects.get(client=client_admin.client)
    assert (
        offered["Location"] == again["Location"] == reverse("orders:draft", args=[draft.public_id])
    )
    assert (draft.mode, draft.status, draft.line_count) == (Order.Mode.UNIT, Order.Status.DRAFT, 1)
    line = OrderLine.objects.get(order=draft)
    assert (line.beneficiary_id, line.titres) == (card.beneficiary_id, 0)
    assert (line.card_action, line.replacement_reason) == (CardAction.REPLACEMENT, "LOST")
    # Priced by the drafts' own pricing: the card fee and the parcel, no face value.
    assert draft.total_cents > 0 and draft.breakdown["face_value_cents"] == 0


def _paid(admin, order):
    return order_mark_paid(
        order=order_submit(actor=admin, order=order, now=timezone.now()),
        by="Sandbox",
        method="CARD",
        now=timezone.now(),
    )


def test_the_replacement_is_made_and_the_scheduled_load_follows_it(client_admin):
    admin = actor_for(client_admin)
    first = _paid(admin, draft_with(admin, count=1))
    fulfilment_start(order_id=first.pk, now=timezone.now())
    load = Load.objects.get(order=first)
    # Received and activated, its load not yet due when it was lost.
    Card.objects.filter(pk=load.card_id).update(status=Card.Status.ACTIVE)
    Load.objects.filter(pk=load.pk).update(due_on=timezone.localdate() + dt.timedelta(days=5))
    person = load.order_line.beneficiary
    card_oppose(
        actor=admin,
        beneficiary=person,
        card_id=load.card_id,
        reason=ReplacementReason.STOLEN,
        now=timezone.now(),
    )

    draft = draft_replacement(actor=admin, beneficiary=person, reason="STOLEN", now=timezone.now())
    fulfilment_start(order_id=_paid(admin, draft).pk, now=timezone.now())

    new_card = Card.objects.get(beneficiary=person, status=Card.Status.ORDERED)
    assert new_card.replacement_reason == "STOLEN"
    load.refresh_from_db()
    assert (load.status, load.card_id) == (Load.Status.SCHEDULED, new_card.pk)
    assert Card.objects.filter(beneficiary=person, status=Card.Status.BLOCKED).count() == 1


def test_another_clients_manager_gets_404_and_changes_nothing(other_client_admin, signed_in):
    card = CardFactory()
    oppose, replace, _page = _urls(card)
    http = signed_in(other_client_admin)

    answers = [
        http.get(oppose).status_code,
        http.post(oppose, {"card": card.pk, "reason": "LOST"}).status_code,
        http.post(replace, {"reason": "LOST"}).status_code,
    ]

    assert answers == [404, 404, 404]
    card.refresh_from_db()
    assert card.status == Card.Status.ACTIVE and not Order.objects.exists()


def test_a_visiteur_may_not_oppose_nor_order_and_changes_nothing(visiteur, signed_in):
    card = CardFactory(beneficiary__client=visiteur.client)
    oppose, replace, card_page = _urls(card)
    http = signed_in(visiteur)

    answers = [
        http.post(oppose, {"card": card.pk, "reason": "LOST"}).status_code,
        http.post(replace, {"reason": "LOST"}).status_code,
    ]

    assert answers == [403, 403]
    card.refresh_from_db()
    assert card.status == Card.Status.ACTIVE and not CardEvent.objects.exists()
    assert not AuditEvent.objects.filter(action="card.oppose").exists()
    assert 'data-testid="oppose-link"' not in http.get(card_page).content.decode()


def test_a_commandeur_may_oppose(commandeur, signed_in):
    card = CardFactory(beneficiary__client=commandeur.client)
    oppose, _replace, card_page = _urls(card)
    http = signed_in(commandeur)

    assert 'data-testid="oppose-link"' in http.get(card_page).content.decode()
    http.post(oppose, {"card": card.pk, "reason": "STOLEN"})

    card.refresh_from_db()
    assert card.status == Card.Status.BLOCKED


@pytest.mark.parametrize(
    ("status", "reason"),
    [
        (Card.Status.ORDERED, "LOST"),  # not received yet: the factory still has it
        (Card.Status.IN_MANUFACTURE, "LOST"),
        (Card.Status.EXPIRED, "STOLEN"),
        (Card.Status.ACTIVE, "DAMAGED"),  # a damaged card is replaced, not opposed
        (Card.Status.ACTIVE, ""),
    ],
)
def test_a_refused_opposition_says_why_and_changes_nothing(client_admin, signed_in, status, reason):
    card = CardFactory(beneficiary__client=client_admin.client, status=status)
    oppose, _replace, _page = _urls(card)

    answer = signed_in(client_admin).post(oppose, {"card": card.pk, "reason": reason})

    assert answer.status_code == 400
    assert 'id="form-errors"' in answer.content.decode()
    card.refresh_from_db()
    assert card.status == status and not CardEvent.objects.exists()
    assert not AuditEvent.objects.filter(action="card.oppose").exists()


def test_a_second_click_never_stops_the_new_card(client_admin, signed_in):
    old = CardFactory(beneficiary__client=client_admin.client, status=Card.Status.BLOCKED)
    new = CardFactory(beneficiary=old.beneficiary, status=Card.Status.ACTIVE)
    oppose, _replace, _page = _urls(new)

    answer = signed_in(client_admin).post(oppose, {"card": old.pk, "reason": "LOST"})

    assert answer.status_code == 400 and "En opposition" in answer.content.decode()
    new.refresh_from_db()
    assert new.status == Card.Status.ACTIVE


def test_another_persons_card_cannot_be_named(client_admin, signed_in):
    card = CardFactory(beneficiary__client=client_admin.client)
    colleague = CardFactory(beneficiary__client=client_admin.client)
    oppose, _replace, _page = _urls(card)

    answer = signed_in(client_admin).post(oppose, {"card": colleague.pk, "reason": "LOST"})

    assert answer.status_code == 400
    colleague.refresh_from_db()
    assert colleague.status == Card.Status.ACTIVE


def test_a_departed_person_gets_no_replacement_draft(client_admin, signed_in):
    card = CardFactory(
        beneficiary__client=client_admin.client,
        beneficiary__departure_date=dt.date(2026, 1, 31),
        beneficiary__status=Beneficiary.Status.DEPARTED,
        status=Card.Status.BLOCKED,
    )
    _oppose, replace, card_page = _urls(card)

    answer = signed_in(client_admin).post(replace, {"reason": "LOST"})

    assert answer["Location"] == card_page and not Order.objects.exists()


@pytest.mark.parametrize("loads", [1, 30])
def test_the_opposition_page_costs_the_same_whatever_the_loads(
    client_admin, signed_in, django_assert_num_queries, loads
):
    admin = actor_for(client_admin)
    order = _paid(admin, draft_with(admin, count=loads))
    fulfilment_start(order_id=order.pk, now=timezone.now())
    card = Card.objects.filter(client=client_admin.client).first()
    Card.objects.filter(pk=card.pk).update(status=Card.Status.ACTIVE)
    Load.objects.filter(order=order).update(card=card)
    oppose, _replace, _page = _urls(card)
    http = signed_in(client_admin)

    # session, user, memberships, the beneficiary, their cards, its history, the loads' sums,
    # a page of loads
    with django_assert_num_queries(8):
        assert http.get(oppose).status_code == 200
