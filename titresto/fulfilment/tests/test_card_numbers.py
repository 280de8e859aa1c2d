"""The manufacturer's « cards.numbered »: the last four digits of a parcel's cards, set once,
never reaching a card outside that parcel."""

import json

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import CardFactory, actor_for
from titresto.cards.models import Card
from titresto.core.signing import sign
from titresto.fulfilment.models import Parcel, Partner
from titresto.fulfilment.services import fulfilment_start
from titresto.fulfilment.webhooks import SIGNATURE_HEADER, partner_secret
from titresto.orders.services.orders import order_mark_paid
from titresto.orders.tests.payment_helpers import payable

pytestmark = pytest.mark.django_db


def _numbered(http, event_id, parcel, cards):
    event = {
        "id": event_id,
        "type": "cards.numbered",
        "data": {"parcel": parcel.public_id, "cards": cards},
    }
    body = json.dumps(event).encode()
    return http.post(
        reverse("fulfilment:partner_webhook", args=["manufacturer"]),
        data=body,
        content_type="application/json",
        headers={SIGNATURE_HEADER: sign(body, partner_secret(Partner.MANUFACTURER))},
    )


def test_a_parcels_cards_get_their_last_four_digits_once(client_admin, client):
    order = order_mark_paid(
        order=payable(actor_for(client_admin), count=2),
        by="Sandbox",
        method="CARD",
        now=timezone.now(),
    )
    fulfilment_start(order_id=order.pk, now=timezone.now())
    parcel = Parcel.objects.get(order=order)
    first, second = Card.objects.filter(parcels=parcel).order_by("pk")
    outsider = CardFactory(last_four="")

    assert _numbered(client, "n1", parcel, [{"card": first.pk, "last_four": "1234"}]).json() == {
        "outcome": "1 cards numbered"
    }
    late = _numbered(
        client,
        "n2",
        parcel,
        [{"card": first.pk, "last_four": "9999"}, {"card": second.pk, "last_four": "0042"}],
    )
    assert late.json() == {"outcome": "1 cards numbered"}
    stranger = _numbered(client, "n3", parcel, [{"card": outsider.pk, "last_four": "5555"}])
    bad = _numbered(client, "n4", parcel, [{"card": second.pk, "last_four": "12a4"}])

    assert stranger.status_code == bad.status_code == 400
    first.refresh_from_db(), second.refresh_from_db(), outsider.refresh_from_db()
    assert (first.last_four, second.last_four, outsider.last_four) == ("1234", "0042", "")
