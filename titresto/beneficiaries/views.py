from urllib.parse import urlencode

from django.contrib import messages
from django.http import (
    HttpResponse,
    HttpResponseBase,
    StreamingHttpResponse,
)
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from titresto.beneficiaries.access import access_beneficiary
from titresto.beneficiaries.export import EXPORT_WIDTHS, csv_chunks, xlsx_chunks
from titresto.beneficiaries.forms import BeneficiaryForm, BeneficiarySearchForm, DepartureForm
from titresto.beneficiaries.models import Beneficiary
from titresto.beneficiaries.selectors import (
    BeneficiaryQuery,
    beneficiary_detail,
    beneficiary_export_rows,
    beneficiary_page,
)
from titresto.beneficiaries.services import (
    beneficiary_create,
    beneficiary_delete,
    beneficiary_depart,
    beneficiary_depart_many,
    beneficiary_reinstate,
    beneficiary_update,
)
from titresto.core.actors import PortalRequest, require
from titresto.core.capabilities import Capability
from titresto.core.errors import DomainError
from titresto.core.french import de
from titresto.core.parsing import parse_page, parse_selection
from titresto.core.public_ids import parse_public_id


def _can_manage(request: PortalRequest) -> bool:
    return request.actor.can(Capability.BENEFICIARIES_MANAGE)


def _query_string(query: BeneficiaryQuery) -> str:
    pairs = {"q": query.text, "statut": query.status, "point": query.delivery}
    if query.sort != "nom":
        pairs["tri"] = query.sort
    return urlencode({key: value for key, value in pairs.items() if value})


@require(Capability.BENEFICIARIES_VIEW)
def beneficiary_list(request: PortalRequest) -> HttpResponse:
    form = BeneficiarySearchForm(request.GET)
    query = form.to_query()
    page = beneficiary_page(
        client=request.actor.client,
        query=query,
        number=parse_page(request.GET.get("page")),
    )
    form.show_points(page.delivery_points)
    filters = _query_string(query)
    context = {
        "form": form,
        "page": page,
        "filters": filters,
        "is_filtered": bool(query.text or query.status or query.delivery),
        "can_manage": _can_manage(request),
        "departure_form": DepartureForm(auto_id="bulk_%s"),
        "list_url": request.get_full_path(),
    }
    return render(request, "beneficiaries/beneficiary_list.html", context)


@require(Capability.BENEFICIARIES_MANAGE)
def beneficiary_new(request: PortalRequest) -> HttpResponse:
    form = BeneficiaryForm(
        request.POST or None, client=request.actor.client, today=timezone.localdate()
    )
    if request.method == "POST" and form.is_valid():
        try:
            beneficiary = beneficiary_create(
                actor=request.actor,
                data=form.to_data(),
                now=timezone.now(),
            )
        except DomainError as error:
            form.add_error(error.field, str(error.user_message))
        else:
            messages.success(
                request,
                _("%(name)s est ajouté(e) à vos bénéficiaires.") % {"name": beneficiary},
            )
            return redirect("beneficiaries:detail", public_id=beneficiary.public_id)
    return render(
        request, "beneficiaries/beneficiary_form.html", {"form": form, "beneficiary": None}
    )


def _detail_page(
    request: PortalRequest, beneficiary: Beneficiary, departure_form: DepartureForm
) -> HttpResponse:
    context = {
        "detail": beneficiary_detail(beneficiary=beneficiary),
        "can_manage": _can_manage(request),
        "departure_form": departure_form,
    }
    return render(request, "beneficiaries/beneficiary_detail.html", context)


@require(Capability.BENEFICIARIES_VIEW)
def beneficiary_show(request: PortalRequest, public_id: str) -> HttpResponse:
    beneficiary = access_beneficiary(actor=request.actor, public_id=public_id)
    return _detail_page(request, beneficiary, DepartureForm())


@require(Capability.BENEFICIARIES_MANAGE)
def beneficiary_edit(request: PortalRequest, public_id: str) -> HttpResponse:
    beneficiary = access_beneficiary(actor=request.actor, public_id=public_id)
    form = BeneficiaryForm(
        request.POST or None,
        instance=beneficiary,
        client=request.actor.client,
        today=timezone.localdate(),
    )
    if request.method == "POST" and form.is_valid():
        try:
            beneficiary = beneficiary_update(
                actor=request.actor,
                beneficiary=beneficiary,
                data=form.to_data(),
                expected_version=form.expected_version,
                now=timezone.now(),
            )
        except DomainError as error:
            form.add_error(error.field, str(error.user_message))
        else:
            messages.success(
                request, _("La fiche %(de_name)s est modifiée.") % {"de_name": de(beneficiary)}
            )
            return redirect("beneficiaries:detail", public_id=beneficiary.public_id)
    return render(
        request, "beneficiaries/beneficiary_form.html", {"form": form, "beneficiary": beneficiary}
    )


@require(Capability.BENEFICIARIES_MANAGE)
@require_POST
def beneficiary_depart_view(request: PortalRequest, public_id: str) -> HttpResponse:
    beneficiary = access_beneficiary(actor=request.actor, public_id=public_id)
    form = DepartureForm(request.POST)
    if form.is_valid():
        try:
            beneficiary = beneficiary_depart(
                actor=request.actor,
                beneficiary=beneficiary,
                departure_date=form.cleaned_data["departure_date"],
                now=timezone.now(),
            )
        except DomainError as error:
            form.add_error("departure_date", str(error.user_message))
        else:
            messages.success(
                request,
                _(
                    "Le départ %(de_name)s est enregistré : aucun nouveau chargement ne lui sera fait."
                )
                % {"de_name": de(beneficiary)},
            )
            return redirect("beneficiaries:detail", public_id=beneficiary.public_id)
    return _detail_page(request, beneficiary, form)


def _back_to_list(request: PortalRequest) -> HttpResponse:
    wanted = request.POST.get("next", "")
    if wanted and url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(wanted)
    return redirect("beneficiaries:list")


def _bulk_refused(request: PortalRequest, message: str) -> HttpResponse:
    """A refused bulk departure. From the page's script, only the bar's message changes (the
    ticks and the typed date stay, the message shows where the user is); without script, the
    list again with the message on top."""
    if request.headers.get("HX-Request") == "true":
        response = render(
            request, "beneficiaries/_bulk_refused.html", {"message": message}, status=200
        )
        response["HX-Reswap"] = "none"
        return response
    messages.error(request, message)
    return _back_to_list(request)


@require(Capability.BENEFICIARIES_MANAGE)
@require_POST
def beneficiary_depart_bulk(request: PortalRequest) -> HttpResponse:
    form = DepartureForm(request.POST)
    selected = parse_selection(request.POST.getlist("selection"), parse=parse_public_id)
    if not form.is_valid():
        return _bulk_refused(request, str(form.errors["departure_date"][0]))
    try:
        count = beneficiary_depart_many(
            actor=request.actor,
            public_ids=selected,
            departure_date=form.cleaned_data["departure_date"],
            now=timezone.now(),
        )
    except DomainError as error:
        return _bulk_refused(request, str(error.user_message))
    else:
        messages.success(
            request,
            ngettext(
                "Départ enregistré pour %(count)s bénéficiaire.",
                "Départ enregistré pour %(count)s bénéficiaires.",
                count,
            )
            % {"count": count},
        )
    return _back_to_list(request)


@require(Capability.BENEFICIARIES_MANAGE)
@require_POST
def beneficiary_reinstate_view(request: PortalRequest, public_id: str) -> HttpResponse:
    beneficiary = access_beneficiary(actor=request.actor, public_id=public_id)
    beneficiary = beneficiary_reinstate(
        actor=request.actor,
        beneficiary=beneficiary,
        now=timezone.now(),
    )
    messages.success(request, _("%(name)s est de nouveau actif(ve).") % {"name": beneficiary})
    return redirect("beneficiaries:detail", public_id=beneficiary.public_id)


@require(Capability.BENEFICIARIES_MANAGE)
def beneficiary_remove(request: PortalRequest, public_id: str) -> HttpResponse:
    beneficiary = access_beneficiary(actor=request.actor, public_id=public_id)
    if request.method == "POST":
        try:
            beneficiary_delete(
                actor=request.actor,
                beneficiary=beneficiary,
                now=timezone.now(),
            )
        except DomainError as error:
            messages.error(request, str(error.user_message))
            return redirect("beneficiaries:detail", public_id=beneficiary.public_id)
        messages.success(
            request, _("La fiche %(de_name)s est supprimée.") % {"de_name": de(beneficiary)}
        )
        return redirect("beneficiaries:list")
    return render(
        request, "beneficiaries/beneficiary_confirm_delete.html", {"beneficiary": beneficiary}
    )


def _export_name(request: PortalRequest, extension: str) -> str:
    number = request.actor.client.client_number
    return f"beneficiaires-{number}-{timezone.localdate():%Y%m%d}.{extension}"


@require(Capability.BENEFICIARIES_VIEW)
def beneficiary_export_csv(request: PortalRequest) -> HttpResponseBase:
    rows = beneficiary_export_rows(
        client=request.actor.client,
        query=BeneficiarySearchForm(request.GET).to_query(),
    )
    response = StreamingHttpResponse(csv_chunks(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_export_name(request, "csv")}"'
    return response


@require(Capability.BENEFICIARIES_VIEW)
def beneficiary_export_xlsx(request: PortalRequest) -> HttpResponseBase:
    rows = beneficiary_export_rows(
        client=request.actor.client,
        query=BeneficiarySearchForm(request.GET).to_query(),
    )
    response = StreamingHttpResponse(
        xlsx_chunks(rows, sheet_title=_("Bénéficiaires"), widths=EXPORT_WIDTHS),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{_export_name(request, "xlsx")}"'
    return response
