"""The order's life cycle (DOMAIN « Order life cycle »).

A draft is submitted: straight to « en attente de paiement », or, when the client requires a
second pair of eyes and a Commandeur prepared it, to « en attente de validation », which an
Administrateur approves or rejects (back to the draft, with the reason). « pay » has no
capability: only a payment provider's confirmation or the issuer's staff (a received
transfer) fire it. « annulée » is possible until payment. After it, the order follows its
cards and parcels (en fabrication → expédiée → livrée): `fulfilment.progress` derives the
status and fires these moves, which no manager can.
"""

from django.utils.translation import gettext_lazy as _

from titresto.core.capabilities import Capability
from titresto.core.states import Move, TransitionTable
from titresto.orders.models import Order, OrderEvent, PaymentAttempt, PaymentAttemptEvent

Status = Order.Status

SUBMIT = "submit"
SUBMIT_FOR_APPROVAL = "submit_for_approval"
APPROVE = "approve"
REJECT = "reject"
PAY = "pay"
CANCEL = "cancel"
# After payment, fired by `fulfilment.progress` as the cards and parcels move.
MANUFACTURE = "manufacture"
SHIP = "ship"
DELIVER = "deliver"

ORDER_MOVES = TransitionTable(
    [
        Move(Status.DRAFT, SUBMIT, Status.AWAITING_PAYMENT, capability=Capability.ORDERS_CREATE),
        Move(
            Status.DRAFT,
            SUBMIT_FOR_APPROVAL,
            Status.AWAITING_APPROVAL,
            capability=Capability.ORDERS_CREATE,
        ),
        Move(
            Status.AWAITING_APPROVAL,
            APPROVE,
            Status.AWAITING_PAYMENT,
            capability=Capability.ORDERS_APPROVE,
        ),
        Move(Status.AWAITING_APPROVAL, REJECT, Status.DRAFT, capability=Capability.ORDERS_APPROVE),
        Move(Status.AWAITING_PAYMENT, PAY, Status.PAID),
        Move(Status.PAID, MANUFACTURE, Status.IN_MANUFACTURE),
        Move(Status.IN_MANUFACTURE, SHIP, Status.SHIPPED),
        Move(Status.SHIPPED, DELIVER, Status.DELIVERED),
        *(
            Move(source, CANCEL, Status.CANCELLED, capability=Capability.ORDERS_CREATE)
            for source in (Status.DRAFT, Status.AWAITING_APPROVAL, Status.AWAITING_PAYMENT)
        ),
    ],
    history=OrderEvent,
    subject="order",
    refusals={
        PAY: _(
            "Cette commande ne peut pas être payée : son statut est « %(status)s ». "
            "Rechargez la page pour voir l'état actuel."
        ),
        CANCEL: _("Cette commande ne peut plus être annulée : son statut est « %(status)s »."),
    },
)


# A payment attempt: settled by its provider's events; a manager may only give one up (back
# from the provider's page without paying, or by cancelling the order). A late confirmation of
# an attempt given up (the provider took the money after all) still pays the order, or is to
# be refunded; a refused, refunded or successful attempt is final.
Attempt = PaymentAttempt.Status
ATTEMPT_MOVES = TransitionTable(
    [
        *(
            Move(Attempt.PENDING, target, target)
            for target in (Attempt.SUCCEEDED, Attempt.FAILED, Attempt.REFUND_DUE)
        ),
        Move(
            Attempt.PENDING,
            Attempt.ABANDONED,
            Attempt.ABANDONED,
            capability=Capability.ORDERS_CREATE,
        ),
        Move(Attempt.ABANDONED, Attempt.SUCCEEDED, Attempt.SUCCEEDED),
        Move(Attempt.ABANDONED, Attempt.REFUND_DUE, Attempt.REFUND_DUE),
    ],
    history=PaymentAttemptEvent,
    subject="attempt",
)
