"""URL matrix cases for fulfilment's pages and the partners' webhook (public: its signature
authenticates it)."""

from django.utils import timezone

from tests.factories import actor_for
from tests.matrix import Case, World
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
    return [
        Case(
            "fulfilment:beneficiary_card",
            kwargs={"public_id": holder.public_id},
            tenant_object=True,
        ),
        Case("fulfilment:tracking", kwargs={"public_id": order.public_id}, tenant_object=True),
        Case(
            "fulfilment:partner_webhook",
            kwargs={"partner": "carrier"},
            method="post",
            ok_statuses=(403,),  # unsigned: refused, nothing stored
        ),
    ]
