"""« Payer par carte »: off to the provider's hosted page, and back."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from titresto.core.actors import PortalRequest, require
from titresto.core.capabilities import Capability
from titresto.core.errors import DomainError
from titresto.orders.access import access_attempt, access_order
from titresto.orders.models import Order, PaymentAttempt
from titresto.orders.services.payments import (
    ReturnUrls,
    payment_abandon,
    payment_settle_on_return,
    payment_start,
)

Status = PaymentAttempt.Status


@require(Capability.ORDERS_CREATE)
@require_POST
def order_pay_view(request: PortalRequest, public_id: str) -> HttpResponse:
    order = access_order(actor=request.actor, public_id=public_id)

    def return_urls(attempt: PaymentAttempt) -> ReturnUrls:
        args = [order.public_id, attempt.public_id]
        return ReturnUrls(
            success=request.build_absolute_uri(reverse("orders:payment_return", args=args)),
            cancel=request.build_absolute_uri(reverse("orders:payment_abandon", args=args)),
        )

    try:
        attempt = payment_start(
            actor=request.actor, order=order, return_urls=return_urls, now=timezone.now()
        )
    except DomainError as error:
        messages.error(request, str(error.user_message))
        return redirect("orders:detail", public_id=order.public_id)
    return redirect(attempt.checkout_url)


def _say(request: PortalRequest, order: Order, attempt: PaymentAttempt) -> HttpResponse:
    if attempt.status == Status.SUCCEEDED:
        messages.success(
            request,
            _("Paiement accepté : la commande %(number)s est payée.") % {"number": order.number},
        )
    elif attempt.status == Status.FAILED:
        messages.error(
            request,
            _(
                "Le paiement a été refusé : %(reason)s Rien n'a été débité ; vous pouvez "
                "réessayer avec une autre carte, ou payer par virement."
            )
            % {"reason": attempt.failure_reason or _("la banque n'a pas donné de motif.")},
        )
    elif attempt.status == Status.PENDING:
        messages.info(
            request,
            _(
                "Votre paiement est en cours de confirmation : la commande passera « payée » dès "
                "que le prestataire l'aura confirmé. Rechargez cette page dans un instant."
            ),
        )
    elif attempt.status == Status.REFUND_DUE:
        messages.warning(
            request,
            _(
                "Ce paiement n'a pas pu être affecté à la commande (%(why)s) : il vous sera "
                "remboursé par notre service clients."
            )
            % {"why": attempt.failure_reason},
        )
    else:
        messages.info(
            request,
            _("Paiement abandonné : rien n'a été débité. La commande reste à payer."),
        )
    return redirect("orders:detail", public_id=order.public_id)


@require(Capability.ORDERS_CREATE)
def payment_return_view(request: PortalRequest, public_id: str, attempt_id: str) -> HttpResponse:
    """The provider's « success » return: usually the event came first and the order is paid."""
    order = access_order(actor=request.actor, public_id=public_id)
    attempt = access_attempt(order=order, public_id=attempt_id)
    attempt = payment_settle_on_return(attempt=attempt, now=timezone.now())
    return _say(request, order, attempt)


@require(Capability.ORDERS_CREATE)
def payment_abandon_view(request: PortalRequest, public_id: str, attempt_id: str) -> HttpResponse:
    order = access_order(actor=request.actor, public_id=public_id)
    attempt = access_attempt(order=order, public_id=attempt_id)
    attempt = payment_abandon(actor=request.actor, attempt=attempt, now=timezone.now())
    return _say(request, order, attempt)
