"""« Mon compte »: the account, its contract and fees, and its contacts."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from titresto.clients.models import Contact
from titresto.clients.selectors import account_detail, contact_for_role
from titresto.clients.services import (
    FIRST_ORDER_RESTRICTION,
    contact_update,
    contacts_editable_check,
)
from titresto.core.actors import PortalRequest, require
from titresto.core.capabilities import Capability
from titresto.core.errors import DomainError
from titresto.portal.forms import ContactForm

# The contact's role as the address says it.
ROLE_SLUGS = {
    "facturation": Contact.Role.BILLING,
    "livraison": Contact.Role.DELIVERY,
    "gestionnaire-principal": Contact.Role.MAIN_MANAGER,
}
SLUG_OF_ROLE = {role: slug for slug, role in ROLE_SLUGS.items()}


@require(Capability.ACCOUNT_VIEW)
def account(request: PortalRequest) -> HttpResponse:
    detail = account_detail(actor=request.actor, today=timezone.localdate())
    context = {
        "account": detail,
        "contacts": [(slot, SLUG_OF_ROLE[slot.role]) for slot in detail.contacts],
        "contacts_locked": not detail.client.has_paid_first_order,
        "can_edit_contacts": request.actor.can(Capability.CONTACTS_MANAGE),
        "first_order_restriction": FIRST_ORDER_RESTRICTION,
    }
    return render(request, "portal/account.html", context)


@require(Capability.CONTACTS_MANAGE)
def contact_edit(request: PortalRequest, role: str) -> HttpResponse:
    if role not in ROLE_SLUGS:
        raise Http404
    if request.method == "POST":
        contacts_editable_check(request.actor.client)  # refused before the form says anything
    elif not request.actor.client.has_paid_first_order:
        return redirect("portal:account")  # the page shows them read-only, and why
    contact = contact_for_role(actor=request.actor, role=ROLE_SLUGS[role])
    form = ContactForm(request.POST or None, instance=contact)
    if request.method == "POST" and form.is_valid():
        try:
            contact_update(
                actor=request.actor,
                role=ROLE_SLUGS[role],
                data=form.to_data(),
                expected_version=form.expected_version,
                now=timezone.now(),
            )
        except DomainError as error:
            form.add_error(error.field, str(error.user_message))
        else:
            messages.success(
                request,
                _("Contact enregistré : %(role)s.") % {"role": contact.get_role_display()},
            )
            return redirect("portal:account")
    context = {"form": form, "role_label": contact.get_role_display(), "is_new": not contact.pk}
    return render(request, "portal/contact_form.html", context)
