"""The dashboard's « Vos dernières commandes » and « À traiter »: what waits for this manager
(a payment for who may order, an approval for who may approve, a parcel in incident), each a
link, at a fixed number of queries."""

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import MembershipFactory, actor_for
from titresto.core.capabilities import Profile
from titresto.fulfilment.models import Parcel
from titresto.fulfilment.services import fulfilment_start
from titresto.orders.models import Order
from titresto.orders.services.orders import order_mark_paid
from titresto.orders.tests.payment_helpers import payable
from titresto.portal.tests.test_dashboard import QUERIES

pytestmark = pytest.mark.django_db


def _dashboard(http) -> str:
    return http.get(reverse("portal:dashboard")).content.decode()


def test_the_latest_five_orders_are_listed_with_their_status_amount_and_link(
    client_admin, signed_in
):
    admin = actor_for(client_admin)
    orders = [payable(admin, count=1) for _ in range(6)]

    page = _dashboard(signed_in(client_admin))

    assert "Vos dernières commandes" in page
    for order in orders[1:]:
        assert reverse("orders:detail", args=[order.public_id]) in page
    assert orders[0].number not in page.split("Vos dernières commandes")[1]


def test_what_waits_depends_on_what_the_manager_may_do(client_admin, signed_in):
    admin = actor_for(client_admin)
    to_pay = payable(admin, count=1)
    to_approve = payable(admin, count=1)
    Order.objects.filter(pk=to_approve.pk).update(status=Order.Status.AWAITING_APPROVAL)
    incident = order_mark_paid(
        order=payable(admin, count=1), by="Sandbox", method="CARD", now=timezone.now()
    )
    fulfilment_start(order_id=incident.pk, now=timezone.now())
    Parcel.objects.filter(order=incident).update(status=Parcel.Status.INCIDENT)
    visitor = MembershipFactory(client=client_admin.client, profile=Profile.VISITEUR)

    for_admin = _dashboard(signed_in(client_admin)).split('data-testid="to-do"')[1]
    for_visitor = _dashboard(signed_in(visitor)).split('data-testid="to-do"')[1]

    assert f"Payer la commande {to_pay.number}" in for_admin
    assert f"Valider la commande {to_approve.number}" in for_admin
    assert reverse("fulfilment:tracking", args=[incident.public_id]) in for_admin
    assert f"Un colis de la commande {incident.number} est en incident" in for_visitor
    assert to_pay.number not in for_visitor.split("</ul>")[0]
    assert to_approve.number not in for_visitor.split("</ul>")[0]


@pytest.mark.parametrize("orders", [1, 12])
def test_the_order_sections_cost_the_same_whatever_the_number_of_orders(
    client_admin, signed_in, django_assert_num_queries, orders
):
    admin = actor_for(client_admin)
    for _ in range(orders):
        payable(admin, count=1)
    http = signed_in(client_admin)
    http.get(reverse("portal:dashboard"))

    with django_assert_num_queries(QUERIES):
        page = _dashboard(http)

    assert page.count("Payer la commande") == min(orders, 10)
