"""The order's transition table, walked exhaustively: every (status, event) pair either moves
where the table says, for whom it says, or is refused with nothing written."""

import itertools

import pytest
from django.utils import timezone

from tests.factories import UserFactory
from titresto.core.capabilities import Profile
from titresto.core.states import TransitionForbidden, TransitionRefused
from titresto.orders import states
from titresto.orders.models import PAID_STATUSES, Order, OrderEvent
from titresto.orders.services.orders import order_transition
from titresto.orders.tests.order_helpers import colleague, draft_with, shop

pytestmark = pytest.mark.django_db

EVENTS = [
    states.SUBMIT,
    states.SUBMIT_FOR_APPROVAL,
    states.APPROVE,
    states.REJECT,
    states.PAY,
    states.CANCEL,
    states.MANUFACTURE,
    states.SHIP,
    states.DELIVER,
]
# Fired by payment providers, the issuer's staff and fulfilment, never by a manager.
NOT_A_MANAGERS = {states.PAY, states.MANUFACTURE, states.SHIP, states.DELIVER}
EXPECTED = {
    (Order.Status.DRAFT, states.SUBMIT): Order.Status.AWAITING_PAYMENT,
    (Order.Status.DRAFT, states.SUBMIT_FOR_APPROVAL): Order.Status.AWAITING_APPROVAL,
    (Order.Status.DRAFT, states.CANCEL): Order.Status.CANCELLED,
    (Order.Status.AWAITING_APPROVAL, states.APPROVE): Order.Status.AWAITING_PAYMENT,
    (Order.Status.AWAITING_APPROVAL, states.REJECT): Order.Status.DRAFT,
    (Order.Status.AWAITING_APPROVAL, states.CANCEL): Order.Status.CANCELLED,
    (Order.Status.AWAITING_PAYMENT, states.PAY): Order.Status.PAID,
    (Order.Status.AWAITING_PAYMENT, states.CANCEL): Order.Status.CANCELLED,
    (Order.Status.PAID, states.MANUFACTURE): Order.Status.IN_MANUFACTURE,
    (Order.Status.IN_MANUFACTURE, states.SHIP): Order.Status.SHIPPED,
    (Order.Status.SHIPPED, states.DELIVER): Order.Status.DELIVERED,
}


@pytest.mark.parametrize(("status", "event"), list(itertools.product(Order.Status.values, EVENTS)))
def test_every_status_and_event(status, event):
    admin = shop()
    order = draft_with(admin, count=1)
    Order.objects.filter(pk=order.pk).update(
        status=status, paid_at=timezone.now() if status in PAID_STATUSES else None
    )
    staff = UserFactory(is_staff=True)
    by = staff if event in NOT_A_MANAGERS else admin
    target = EXPECTED.get((status, event))
    changes = {"paid_at": timezone.now()} if event == states.PAY else {}

    if target is None:
        with pytest.raises(TransitionRefused):
            order_transition(order, event, by=by, now=timezone.now(), changes=changes)
        assert Order.objects.get(pk=order.pk).status == status
        assert not OrderEvent.objects.filter(order=order, event=event).exists()
    else:
        moved = order_transition(order, event, by=by, now=timezone.now(), changes=changes)
        assert moved.status == target == Order.Status(Order.objects.get(pk=order.pk).status)
        assert OrderEvent.objects.get(order=order, event=event).from_status == status


def test_a_manager_never_fires_pay_and_a_commandeur_never_approves():
    admin = shop()
    order = draft_with(admin, count=1)
    order_transition(order, states.SUBMIT, by=admin, now=timezone.now())
    with pytest.raises(TransitionForbidden):
        order_transition(order, states.PAY, by=admin, now=timezone.now())

    other = draft_with(admin, count=1)
    order_transition(other, states.SUBMIT_FOR_APPROVAL, by=admin, now=timezone.now())
    with pytest.raises(TransitionForbidden):
        order_transition(other, states.APPROVE, by=colleague(admin), now=timezone.now())
    with pytest.raises(TransitionForbidden):
        order_transition(
            other, states.CANCEL, by=colleague(admin, Profile.VISITEUR), now=timezone.now()
        )
    assert Order.objects.get(pk=other.pk).status == Order.Status.AWAITING_APPROVAL
