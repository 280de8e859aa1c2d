"""The partners' webhook endpoint, an order's tracking page and a beneficiary's card page."""

from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from titresto.beneficiaries.access import access_beneficiary
from titresto.core.actors import PortalRequest, require
from titresto.core.capabilities import Capability
from titresto.core.parsing import parse_page
from titresto.fulfilment.models import Load, Partner
from titresto.fulfilment.selectors import (
    beneficiary_card,
    order_load_counts,
    order_loads_page,
    order_parcels,
)
from titresto.fulfilment.webhooks import SIGNATURE_HEADER, partner_event_receive
from titresto.orders.access import access_order
from titresto.orders.selectors import order_events

MAX_BODY_BYTES = 256 * 1024


@csrf_exempt  # a partner cannot send our CSRF token: its signature authenticates it
@login_not_required
@require_POST
def partner_webhook(request: HttpRequest, partner: str) -> HttpResponse:
    code = partner.upper()
    if code not in Partner.values:
        raise Http404
    if len(request.body) > MAX_BODY_BYTES:
        return JsonResponse({"error": "body too large"}, status=413)
    answer = partner_event_receive(
        partner=code,
        body=request.body,
        signature=request.headers.get(SIGNATURE_HEADER, ""),
        now=timezone.now(),
    )
    return JsonResponse({"outcome": answer.outcome}, status=answer.status)


@require(Capability.ORDERS_VIEW)
def order_tracking(request: PortalRequest, public_id: str) -> HttpResponse:
    """An order's journey after payment: its steps, its parcels with their tracking links,
    and the load of each line."""
    order = access_order(actor=request.actor, public_id=public_id)
    if not order.is_paid:
        return redirect("orders:detail", public_id=order.public_id)
    counts = order_load_counts(order=order)
    context = {
        "order": order,
        "events": order_events(order=order),
        "parcels": order_parcels(order=order),
        "load_counts": [(label, counts.get(value, 0)) for value, label in Load.Status.choices],
        "loads": order_loads_page(
            order=order, number=parse_page(request.GET.get("page")), counts=counts
        ),
    }
    return render(request, "fulfilment/order_tracking.html", context)


@require(Capability.BENEFICIARIES_VIEW)
def beneficiary_card_page(request: PortalRequest, public_id: str) -> HttpResponse:
    """« Carte et chargements »: the beneficiary's card, its history, its loads and the amount
    loaded (fulfilment's part of the beneficiary's page: beneficiaries may not read cards)."""
    beneficiary = access_beneficiary(actor=request.actor, public_id=public_id)
    context = {
        "person": beneficiary,
        "detail": beneficiary_card(
            beneficiary=beneficiary, number=parse_page(request.GET.get("page"))
        ),
    }
    return render(request, "fulfilment/beneficiary_card.html", context)
