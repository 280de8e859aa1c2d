from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from titresto.core.actors import PortalRequest, require
from titresto.core.capabilities import Capability
from titresto.fulfilment.selectors import orders_to_handle
from titresto.orders.models import Order
from titresto.orders.selectors import order_latest, order_latest_five
from titresto.portal.selectors import dashboard_summary
from titresto.statistics.figures import usage_panel


@require(Capability.DASHBOARD_VIEW)
def dashboard(request: PortalRequest) -> HttpResponse:
    actor = request.actor
    summary = dashboard_summary(client=actor.client)
    # What the actor may act on: paying is ordering's, approving the administrators'.
    actionable = [
        status
        for status, capability in (
            (Order.Status.AWAITING_PAYMENT, Capability.ORDERS_CREATE),
            (Order.Status.AWAITING_APPROVAL, Capability.ORDERS_APPROVE),
        )
        if actor.can(capability)
    ]
    context = {
        "client": summary.client,
        "contract": summary.contract,
        "contacts": summary.contacts,
        "first_steps": summary.first_steps,
        "first_steps_done": summary.first_steps_done,
        "people": summary.people,
        "delivery_points": summary.delivery_points,
        "latest_order": (
            order_latest(client=actor.client) if actor.can(Capability.ORDERS_CREATE) else None
        ),
        "recent_orders": order_latest_five(client=actor.client),
        "to_do": orders_to_handle(client=actor.client, statuses=actionable),
        "usage": (
            usage_panel(actor=actor, today=timezone.localdate())
            if actor.can(Capability.STATISTICS_VIEW)
            else None
        ),
    }
    return render(request, "portal/dashboard.html", context)
