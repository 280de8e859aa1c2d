from django.http import HttpResponse
from django.shortcuts import render

from titresto.clients.selectors import contact_list, contract_active
from titresto.core.actors import PortalRequest, require
from titresto.core.capabilities import Capability
from titresto.portal.selectors import first_steps


@require(Capability.DASHBOARD_VIEW)
def dashboard(request: PortalRequest) -> HttpResponse:
    client = request.actor.client
    steps = first_steps(client=client)
    context = {
        "client": client,
        "contract": contract_active(client=client),
        "contacts": contact_list(client=client),
        "first_steps": steps,
        "first_steps_done": sum(step.is_done for step in steps),
    }
    return render(request, "portal/dashboard.html", context)
