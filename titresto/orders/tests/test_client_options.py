"""The account's options set in « Gestion des accès » drive the orders that reuse them."""

import pytest
from django.utils import timezone

from tests.factories import MembershipFactory
from titresto.clients.models import Client
from titresto.clients.services import client_options_update
from titresto.orders.models import Order
from titresto.orders.services.orders import order_submit
from titresto.orders.tests.order_helpers import actor_for, colleague, draft_with, shop

pytestmark = pytest.mark.django_db


def test_the_approval_option_sends_a_commandeurs_next_order_to_an_administrator():
    admin = shop()
    preparer = colleague(admin)
    before = order_submit(actor=preparer, order=draft_with(preparer, count=1), now=timezone.now())

    client_options_update(
        actor=admin, options={"requires_order_approval": True}, now=timezone.now()
    )
    # The next request's actor reads its client afresh, as the middleware does.
    preparer = actor_for(
        MembershipFactory(client=Client.objects.get(pk=admin.client.pk), profile="COMMANDEUR")
    )
    after = order_submit(actor=preparer, order=draft_with(preparer, count=1), now=timezone.now())

    assert before.status == Order.Status.AWAITING_PAYMENT
    assert after.status == Order.Status.AWAITING_APPROVAL
    assert Client.objects.get(pk=admin.client.pk).requires_order_approval
