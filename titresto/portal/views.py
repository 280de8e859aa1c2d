from django.http import HttpResponse
from django.shortcuts import render

from titresto.core.actors import PortalRequest, require
from titresto.core.capabilities import Capability
from titresto.orders.selectors import order_latest
from titresto.portal.selectors import dashboard_summary


@require(Capability.DASHBOARD_VIEW)
def dashboard(request: PortalRequest) -> HttpResponse:
    summary = dashboard_summary(client=request.actor.client)
    context = {
        "client": summary.client,
        "contract": summary.contract,
        "contacts": summary.contacts,
        "first_steps": summary.first_steps,
        "first_steps_done": summary.first_steps_done,
        "people": summary.people,
        "delivery_points": summary.delivery_points,
        "latest_order": (
            order_latest(client=request.actor.client)
            if request.actor.can(Capability.ORDERS_CREATE)
            else None
        ),
    }
    return render(request, "portal/dashboard.html", context)
