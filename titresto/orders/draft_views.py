"""A unit draft's page, and « Ajouter un nouveau bénéficiaire » on it: the person and their
line in one step, the form open again with its errors when something is wrong."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from titresto.beneficiaries.forms import BeneficiaryForm
from titresto.beneficiaries.selectors import BeneficiaryQuery, beneficiary_page
from titresto.core.actors import PortalRequest, require
from titresto.core.capabilities import Capability
from titresto.core.errors import DomainError
from titresto.core.parsing import parse_natural, parse_page
from titresto.orders.access import access_order
from titresto.orders.models import Order, OrderLine
from titresto.orders.selectors import order_lines_page
from titresto.orders.services.drafts import draft_add_new_person
from titresto.orders.terms import OrderTerms

NEW_PERSON_PREFIX = "nouveau"


def _new_person_form(request: PortalRequest, data: object = None) -> BeneficiaryForm | None:
    if not request.actor.can(Capability.BENEFICIARIES_MANAGE):
        return None
    return BeneficiaryForm(
        data, client=request.actor.client, today=timezone.localdate(), prefix=NEW_PERSON_PREFIX
    )


def _draft_page(
    request: PortalRequest, order: Order, *, new_person: BeneficiaryForm | None, titres: str = "20"
) -> HttpResponse:
    text = request.GET.get("q", "")[:100]
    found = beneficiary_page(
        client=request.actor.client,
        query=BeneficiaryQuery(text=text, status="ACTIVE"),
        number=parse_page(request.GET.get("page_b")),
    )
    # People already on the draft stay listed, marked and not selectable, so that the list
    # does not jump as lines are added.
    already = set(
        order.lines.filter(beneficiary__in=[person.pk for person in found.rows]).values_list(
            "beneficiary_id", flat=True
        )
    )
    context = {
        "order": order,
        "terms": OrderTerms.from_json(order.terms),
        "query": text,
        "found": found,
        "already": already,
        "lines": order_lines_page(order=order, number=parse_page(request.GET.get("page"))),
        "reasons": OrderLine._meta.get_field("replacement_reason").choices,
        "notes": order.duplication_notes,
        "new_person": new_person,
        "new_person_titres": titres,
    }
    return render(request, "orders/order_draft.html", context)


@require(Capability.ORDERS_CREATE)
def draft_page(request: PortalRequest, public_id: str) -> HttpResponse:
    order = access_order(actor=request.actor, public_id=public_id)
    if not order.is_editable:
        return redirect("orders:detail", public_id=order.public_id)
    return _draft_page(request, order, new_person=_new_person_form(request))


@require(Capability.ORDERS_CREATE)
@require_POST
def draft_new_person_view(request: PortalRequest, public_id: str) -> HttpResponse:
    order = access_order(actor=request.actor, public_id=public_id)
    form = _new_person_form(request, request.POST)
    if form is None:
        raise PermissionDenied  # ordering for known people only: no new beneficiary
    titres_text = request.POST.get("titres", "")[:3]
    titres = parse_natural(titres_text)
    if titres is None:
        form.add_error(None, _("Indiquez un nombre de titres entre 0 et 31 pour ce bénéficiaire."))
    if form.is_valid() and titres is not None:
        try:
            person = draft_add_new_person(
                actor=request.actor,
                order=order,
                data=form.to_data(),
                titres=titres,
                now=timezone.now(),
            )
        except DomainError as error:
            form.add_error(
                error.field if error.field in form.fields else None, str(error.user_message)
            )
        else:
            messages.success(
                request,
                _("%(name)s est créé(e) et ajouté(e) à la commande.") % {"name": person},
            )
            return redirect("orders:draft", public_id=order.public_id)
    if not order.is_editable:
        return redirect("orders:detail", public_id=order.public_id)
    return _draft_page(request, order, new_person=form, titres=titres_text)
