"""URL matrix cases for fulfilment's pages and the partners' webhook (public: its signature
authenticates it)."""

from django.utils import timezone

from tests.factories import actor_for
from tests.matrix import Case, World
from titresto.cards.models import Card
from titresto.fulfilment.services import fulfilment_start
from titresto.orders.services.orders import order_mark_paid
from titresto.orders.tests.payment_helpers import payable


def matrix_cases(world: World) -> list[Case]:
    admin = actor_for(world.client_admin)
    order = order_mark_paid(
        order=payable(admin, count=1), by="Sandbox", method="CARD", now=timezone.now()
    )
    fulfilment_start(order_id=order.pk, now=timezone.now())
    holder = order.lines.get().beneficiary
    # Received and activated: a card its holder may lose.
    card = Card.objects.get(beneficiary=holder)
    Card.objects.filter(pk=card.pk).update(status=Card.Status.ACTIVE)
    return [
        Case(
            "fulfilment:beneficiary_card",
            kwargs={"public_id": holder.public_id},
            tenant_object=True,
        ),
        Case(
            "fulfilment:card_opposition",
            kwargs={"public_id": holder.public_id},
            tenant_object=True,
        ),
        Case(
            "fulfilment:card_opposition",
            kwargs={"public_id": holder.public_id},
            method="post",
            data={"card": card.pk, "reason": "LOST"},
            tenant_object=True,
            ok_statuses=(302,),
            label="confirmed",
        ),
        Case(
            "fulfilment:card_replacement",
            kwargs={"public_id": holder.public_id},
            method="post",
            data={"reason": "LOST"},
            tenant_object=True,
            ok_statuses=(302,),
        ),
        Case("fulfilment:tracking", kwargs={"public_id": order.public_id}, tenant_object=True),
        Case(
            "fulfilment:partner_webhook",
            kwargs={"partner": "carrier"},
            method="post",
            ok_statuses=(403,),  # unsigned: refused, nothing stored
        ),
    ]
