"""« Commande expédiée » and « cartes chargées »: once each, to the manager who ordered and the
delivery contact, the first with each parcel's tracking link."""

import pytest
from django.core import mail
from django.utils import timezone

from tests.factories import ContactFactory, actor_for
from titresto.cards.models import Card
from titresto.clients.models import Contact
from titresto.fulfilment.loads import loads_credit
from titresto.fulfilment.models import Load, Parcel
from titresto.fulfilment.notifications import LOADED, SHIPPED, fulfilment_email_send
from titresto.fulfilment.services import (
    fulfilment_start,
    order_cards_in_manufacture,
    parcel_hand_over,
)
from titresto.orders.services.orders import order_mark_paid
from titresto.orders.tests.payment_helpers import payable

pytestmark = pytest.mark.django_db


def _subjects():
    return [message.subject for message in mail.outbox]


def test_a_simulated_order_mails_shipped_then_loaded_once_each(
    client_admin, settings, django_capture_on_commit_callbacks
):
    settings.FULFILMENT_SIMULATOR = True
    delivery = ContactFactory(client=client_admin.client, role=Contact.Role.DELIVERY)
    order = payable(actor_for(client_admin), count=2)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        order_mark_paid(order=order, by="Sandbox", method="CARD", now=timezone.now())

    shipped, loaded = (
        [message for message in mail.outbox if f"{order.number} {word}" in message.subject]
        for word in ("expédiée", ": cartes chargées")
    )
    assert len(shipped) == len(loaded) == 1
    parcel = Parcel.objects.get(order=order)
    assert f"https://www.laposte.fr/outils/suivre-vos-envois?code={parcel.tracking_number}" in (
        shipped[0].body
    )
    assert f"/commandes/{order.public_id}/suivi/" in shipped[0].body
    assert sorted(shipped[0].to) == sorted([client_admin.user.email, delivery.email])
    assert loaded[0].to == shipped[0].to and "2 chargements crédités" in loaded[0].body

    # a redelivered task sends nothing
    with django_capture_on_commit_callbacks(execute=True):
        for kind in (SHIPPED, LOADED):
            assert fulfilment_email_send(order_id=order.pk, kind=kind, now=timezone.now()) is False
    assert len(mail.outbox) == 2 + 1  # the « payée » mail, then these two


def test_loaded_waits_for_the_last_load_and_shipped_for_the_hand_over(
    client_admin, django_capture_on_commit_callbacks
):
    admin = actor_for(client_admin)
    order = order_mark_paid(
        order=payable(admin, count=2), by="Sandbox", method="CARD", now=timezone.now()
    )
    fulfilment_start(order_id=order.pk, now=timezone.now())
    mail.outbox.clear()
    now = timezone.now()

    with django_capture_on_commit_callbacks(execute=True):
        order_cards_in_manufacture(order=order, by="Fabricant", now=now)
        assert fulfilment_email_send(order_id=order.pk, kind=SHIPPED, now=now) is False
        parcel = parcel_hand_over(
            parcel=Parcel.objects.get(order=order),
            carrier="COLISSIMO",
            tracking_number="6A12345678901",
            by="Fabricant",
            now=now,
        )
    assert _subjects() == [f"Commande {order.number} expédiée"]

    first, second = Load.objects.filter(order=order).order_by("pk")
    with django_capture_on_commit_callbacks(execute=True):
        Card.objects.filter(parcels=parcel).update(status=Card.Status.ACTIVE)
        assert loads_credit(load_ids=[first.pk], now=now) == 1
    assert len(mail.outbox) == 1  # one load still scheduled
    with django_capture_on_commit_callbacks(execute=True):
        assert loads_credit(load_ids=[second.pk], now=now) == 1
    assert _subjects()[-1] == f"Commande {order.number} : cartes chargées"
    assert mail.outbox[-1].to == [client_admin.user.email]  # no delivery contact on file
