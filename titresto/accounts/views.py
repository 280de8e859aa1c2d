from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from titresto.accounts.http import SignedInRequest
from titresto.accounts.selectors import ACTIVE_CLIENT_SESSION_KEY, membership_list
from titresto.core.actors import signed_in_only


@signed_in_only
@require_POST
def switch_client(request: SignedInRequest) -> HttpResponse:
    """Makes another of the person's clients the one they act for; unknown numbers change nothing."""
    wanted = request.POST.get("client", "")
    memberships = membership_list(user=request.user)
    membership = next((m for m in memberships if m.client.client_number == wanted), None)
    if membership is None:
        messages.error(request, _("Ce compte client ne fait pas partie de vos accès."))
        return redirect("portal:dashboard")
    request.session[ACTIVE_CLIENT_SESSION_KEY] = membership.client_id
    messages.success(
        request,
        _("Vous gérez maintenant le compte %(name)s.") % {"name": membership.client.legal_name},
    )
    return redirect("portal:dashboard")
