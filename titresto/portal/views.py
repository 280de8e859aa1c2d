from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from titresto.clients.selectors import contact_list, contract_active
from titresto.core.actors import require
from titresto.core.capabilities import Capability
from titresto.portal.selectors import first_steps


@require(Capability.DASHBOARD_VIEW)
def dashboard(request: HttpRequest) -> HttpResponse:
    client = request.actor.client  # type: ignore[attr-defined]
    steps = first_steps(client=client)
    context = {
        "client": client,
        "contract": contract_active(client=client),
        "contacts": contact_list(client=client),
        "first_steps": steps,
        "first_steps_done": sum(step.is_done for step in steps),
    }
    return render(request, "portal/dashboard.html", context)
