"""The partners' webhook endpoint, an order's tracking page and a beneficiary's card page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from titresto.beneficiaries.access import access_beneficiary
from titresto.cards.services import card_oppose
from titresto.core.actors import PortalRequest, require
from titresto.core.capabilities import Capability
from titresto.core.errors import DomainError
from titresto.core.french import de
from titresto.core.parsing import parse_page
from titresto.fulfilment.forms import OppositionForm
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
from titresto.orders.services.replacements import draft_replacement

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
        "refused_count": counts.get(Load.Status.REFUSED, 0),
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


@require(Capability.CARDS_OPPOSE)
def card_opposition(request: PortalRequest, public_id: str) -> HttpResponse:
    """« Faire opposition »: confirm which card and why, then block it for good."""
    beneficiary = access_beneficiary(actor=request.actor, public_id=public_id)
    detail = beneficiary_card(beneficiary=beneficiary)
    status = 200
    if request.method == "POST":
        form = OppositionForm(request.POST)
        if form.is_valid():
            try:
                card_oppose(
                    actor=request.actor,
                    beneficiary=beneficiary,
                    card_id=form.cleaned_data["card"],
                    reason=form.cleaned_data["reason"],
                    now=timezone.now(),
                )
            except DomainError as error:
                form.add_error(
                    error.field if error.field in form.fields else None, str(error.user_message)
                )
            else:
                messages.success(
                    request,
                    _(
                        "La carte %(de_name)s est en opposition : elle ne peut plus être "
                        "utilisée ni chargée."
                    )
                    % {"de_name": de(beneficiary.full_name)},
                )
                return redirect("fulfilment:beneficiary_card", public_id=beneficiary.public_id)
        status = 400
    else:
        form = OppositionForm(initial={"card": detail.card.pk if detail.card else None})
    context = {"person": beneficiary, "detail": detail, "form": form}
    return render(request, "fulfilment/card_opposition.html", context, status=status)


@require(Capability.ORDERS_CREATE)
@require_POST
def card_replacement(request: PortalRequest, public_id: str) -> HttpResponse:
    """« Commander une carte de remplacement »: a one-line draft, or the one already open."""
    beneficiary = access_beneficiary(actor=request.actor, public_id=public_id)
    try:
        order = draft_replacement(
            actor=request.actor,
            beneficiary=beneficiary,
            reason=request.POST.get("reason", ""),
            now=timezone.now(),
        )
    except DomainError as error:
        messages.error(request, str(error.user_message))
        return redirect("fulfilment:beneficiary_card", public_id=beneficiary.public_id)
    messages.success(
        request,
        _(
            "La carte de remplacement %(de_name)s est dans ce brouillon : ajoutez des titres si "
            "besoin, puis validez la commande."
        )
        % {"de_name": de(beneficiary.full_name)},
    )
    return redirect("orders:draft", public_id=order.public_id)
