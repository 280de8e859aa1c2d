"""« COMMANDER » and « Suivi de mes commandes »: each view translates the request, makes one
call, and translates the answer; domain refusals become messages tied to their field."""

from collections.abc import Callable
from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from titresto.beneficiaries.export import csv_chunks, xlsx_chunks
from titresto.core.actors import PortalRequest, require
from titresto.core.audit import audit_record
from titresto.core.capabilities import Capability
from titresto.core.errors import DomainError
from titresto.core.money import parse_eur
from titresto.core.parsing import parse_natural, parse_page, parse_selection
from titresto.core.public_ids import parse_public_id
from titresto.orders import states
from titresto.orders.access import access_import, access_order
from titresto.orders.forms import AcknowledgeForm, LoadForm, OrderSearchForm, RejectForm, UploadForm
from titresto.orders.history import order_history_line_rows, order_history_rows
from titresto.orders.models import Order, OrderImport, OrderLine
from titresto.orders.orderfile.report_csv import report_csv_chunks
from titresto.orders.orderfile.template import template_csv, template_xlsx
from titresto.orders.selectors import (
    import_issues_page,
    import_list,
    import_report,
    order_events,
    order_last_attempt,
    order_lines_page,
    order_next_events,
    order_over_cap,
    order_page,
    order_recent,
)
from titresto.orders.services.drafts import (
    LineChange,
    draft_add,
    draft_line_change,
    draft_remove,
    draft_set_titres,
    draft_start,
    order_duplicate,
)
from titresto.orders.services.imports import import_abandon, import_confirm, import_upload
from titresto.orders.services.orders import (
    order_approve,
    order_cancel,
    order_choose_transfer,
    order_reject,
    order_submit,
)


@require(Capability.ORDERS_VIEW)
def order_list(request: PortalRequest) -> HttpResponse:
    form = OrderSearchForm(request.GET)
    query = form.to_query()
    page = order_page(
        client=request.actor.client, query=query, number=parse_page(request.GET.get("page"))
    )
    filters = request.GET.copy()
    filters.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "filters": filters.urlencode(),
        "is_filtered": query.is_filtered,
        "can_order": request.actor.can(Capability.ORDERS_CREATE),
    }
    return render(request, "orders/order_list.html", context)


@require(Capability.ORDERS_CREATE)
def order_new(request: PortalRequest) -> HttpResponse:
    """« COMMANDER »: the three modes side by side."""
    context = {
        "unit_form": LoadForm(today=timezone.localdate(), auto_id="unit_%s"),
        "recent": order_recent(client=request.actor.client),
    }
    return render(request, "orders/order_new.html", context)


# --- mode « fichier » -------------------------------------------------------------------------


@require(Capability.ORDERS_CREATE)
def import_new(request: PortalRequest) -> HttpResponse:
    form = UploadForm(request.POST or None, request.FILES or None, today=timezone.localdate())
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            order_import = import_upload(
                actor=request.actor,
                filename=upload.name,
                data=upload.read(),
                load_period=form.cleaned_data["load_period"],
                load_date=form.cleaned_data["load_date"],
                now=timezone.now(),
            )
        except DomainError as error:
            form.add_error(
                error.field if error.field in form.fields else None, str(error.user_message)
            )
        else:
            return redirect("orders:import_detail", public_id=order_import.public_id)
    return render(request, "orders/import_new.html", {"form": form})


@require(Capability.ORDERS_CREATE)
def template_download(request: PortalRequest, kind: str) -> HttpResponse:
    """« Télécharger un modèle vierge », as CSV or as an Excel workbook with its instructions."""
    if kind == "xlsx":
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        response = HttpResponse(template_xlsx(), content_type=content_type)
    else:
        response = HttpResponse(template_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="modele-commande.{kind}"'
    return response


@require(Capability.ORDERS_VIEW)
def import_index(request: PortalRequest) -> HttpResponse:
    context = {"imports": import_list(client=request.actor.client)}
    return render(request, "orders/import_list.html", context)


def _import_page(
    request: PortalRequest, order_import: OrderImport, form: AcknowledgeForm | None = None
) -> HttpResponse:
    context = {
        "order_import": order_import,
        "issues": import_issues_page(
            order_import=order_import, number=parse_page(request.GET.get("page"))
        ),
        "review": order_import.review,
        "form": form or AcknowledgeForm(),
        "can_order": request.actor.can(Capability.ORDERS_CREATE),
        "validating": order_import.status == OrderImport.Status.VALIDATING,
    }
    template = "orders/import_detail.html"
    if request.headers.get("HX-Request") and context["validating"]:
        template = "orders/import_progress.html"  # the polled progress bar alone
    return render(request, template, context)


@require(Capability.ORDERS_VIEW)
def import_detail(request: PortalRequest, public_id: str) -> HttpResponse:
    order_import = access_import(actor=request.actor, public_id=public_id)
    response = _import_page(request, order_import)
    if request.headers.get("HX-Request") and order_import.status != OrderImport.Status.VALIDATING:
        response["HX-Refresh"] = "true"  # done: the whole page shows the report
    return response


@require(Capability.ORDERS_VIEW)
def import_report_csv(request: PortalRequest, public_id: str) -> StreamingHttpResponse:
    order_import = access_import(actor=request.actor, public_id=public_id)
    response = StreamingHttpResponse(
        report_csv_chunks(import_report(order_import)), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="rapport-import.csv"'
    return response


@require(Capability.ORDERS_CREATE)
@require_POST
def import_confirm_view(request: PortalRequest, public_id: str) -> HttpResponse:
    order_import = access_import(actor=request.actor, public_id=public_id)
    form = AcknowledgeForm(request.POST)
    form.is_valid()
    accepted = parse_selection(request.POST.getlist("accept"), parse=parse_natural)
    try:
        order = import_confirm(
            actor=request.actor,
            order_import=order_import,
            accepted_updates=set(accepted),
            acknowledged=bool(form.cleaned_data.get("acknowledged")),
            now=timezone.now(),
        )
    except DomainError as error:
        field = error.field if error.field in form.fields else None
        form.add_error(field, str(error.user_message))
        order_import.refresh_from_db()
        return _import_page(request, order_import, form)
    messages.success(request, _confirmed_message(order))
    return redirect("orders:detail", public_id=order.public_id)


def _confirmed_message(order: Order) -> str:
    if order.status == Order.Status.AWAITING_APPROVAL:
        return _(
            "La commande %(number)s est enregistrée : elle attend la validation d'un "
            "administrateur de votre compte, qui en est averti par e-mail."
        ) % {"number": order.number}
    return _("La commande %(number)s est enregistrée : il reste à la payer.") % {
        "number": order.number
    }


@require(Capability.ORDERS_CREATE)
@require_POST
def import_abandon_view(request: PortalRequest, public_id: str) -> HttpResponse:
    order_import = access_import(actor=request.actor, public_id=public_id)
    import_abandon(actor=request.actor, order_import=order_import, now=timezone.now())
    messages.success(request, _("L'import est abandonné : aucune commande n'a été créée."))
    return redirect("orders:import_list")


# --- modes « unitaire » and « duplication » ---------------------------------------------------


@require(Capability.ORDERS_CREATE)
@require_POST
def unit_start(request: PortalRequest) -> HttpResponse:
    form = LoadForm(request.POST, today=timezone.localdate(), auto_id="unit_%s")
    if form.is_valid():
        try:
            order = draft_start(
                actor=request.actor,
                load_period=form.cleaned_data["load_period"],
                load_date=form.cleaned_data["load_date"],
                now=timezone.now(),
            )
        except DomainError as error:
            form.add_error(
                error.field if error.field in form.fields else None, str(error.user_message)
            )
        else:
            return redirect("orders:draft", public_id=order.public_id)
    context = {"unit_form": form, "recent": []}
    return render(request, "orders/order_new.html", context, status=400)


def _titres(request: PortalRequest) -> int:
    value = parse_natural(request.POST.get("titres", ""))
    return -1 if value is None else value


def _draft_answer(request: PortalRequest, order: Order, done: str) -> HttpResponse:
    if done:
        messages.success(request, done)
    return redirect("orders:draft", public_id=order.public_id)


@require(Capability.ORDERS_CREATE)
@require_POST
def draft_add_view(request: PortalRequest, public_id: str) -> HttpResponse:
    order = access_order(actor=request.actor, public_id=public_id)
    everyone = request.POST.get("all") == "1"
    chosen = (
        None
        if everyone
        else parse_selection(request.POST.getlist("selection"), parse=parse_public_id)
    )
    if chosen == []:
        messages.error(request, _("Cochez au moins un bénéficiaire à ajouter."))
        return redirect("orders:draft", public_id=order.public_id)
    try:
        added = draft_add(
            actor=request.actor,
            order=order,
            public_ids=chosen,
            titres=_titres(request),
            now=timezone.now(),
        )
    except DomainError as error:
        messages.error(request, str(error.user_message))
        return redirect("orders:draft", public_id=order.public_id)
    done = ngettext(
        "%(count)s bénéficiaire ajouté à la commande.",
        "%(count)s bénéficiaires ajoutés à la commande.",
        added,
    ) % {"count": added}
    return _draft_answer(request, order, done)


@require(Capability.ORDERS_CREATE)
@require_POST
def draft_titres_view(request: PortalRequest, public_id: str) -> HttpResponse:
    order = access_order(actor=request.actor, public_id=public_id)
    try:
        draft_set_titres(
            actor=request.actor, order=order, titres=_titres(request), now=timezone.now()
        )
    except DomainError as error:
        messages.error(request, str(error.user_message))
        return redirect("orders:draft", public_id=order.public_id)
    return _draft_answer(request, order, _("Le nombre de titres est appliqué à toutes les lignes."))


@require(Capability.ORDERS_CREATE)
@require_POST
def draft_line_view(request: PortalRequest, public_id: str, position: int) -> HttpResponse:
    order = access_order(actor=request.actor, public_id=public_id)
    line = OrderLine.objects.filter(
        order=order, client=request.actor.client, position=position
    ).first()
    if line is None:
        messages.error(request, _("Cette ligne n'existe plus : rechargez la page."))
        return redirect("orders:draft", public_id=order.public_id)
    if request.POST.get("remove") == "1":
        draft_remove(actor=request.actor, order=order, line_ids=[line.pk], now=timezone.now())
        return _draft_answer(request, order, _("La ligne est retirée de la commande."))
    try:
        face = parse_eur(request.POST.get("face_value", ""))
        share = Decimal(request.POST.get("employer_share", "").replace(",", ".").strip())
    except (ValueError, InvalidOperation):
        messages.error(
            request,
            _(
                "Écrivez la valeur faciale en euros (9,50) et la part patronale en pourcentage (60)."
            ),
        )
        return redirect("orders:draft", public_id=order.public_id)
    try:
        draft_line_change(
            actor=request.actor,
            order=order,
            line=line,
            change=LineChange(
                titres=_titres(request),
                face_value_cents=face,
                employer_share=share,
                replacement_reason=request.POST.get("replacement_reason", ""),
            ),
            now=timezone.now(),
        )
    except DomainError as error:
        messages.error(request, str(error.user_message))
        return redirect("orders:draft", public_id=order.public_id)
    return _draft_answer(request, order, _("La ligne est enregistrée."))


@require(Capability.ORDERS_CREATE)
@require_POST
def order_duplicate_view(request: PortalRequest, public_id: str) -> HttpResponse:
    source = access_order(actor=request.actor, public_id=public_id)
    order = order_duplicate(actor=request.actor, source=source, now=timezone.now())
    messages.success(
        request,
        _("La commande %(source)s est dupliquée : vérifiez-la puis validez-la.")
        % {"source": source.number},
    )
    return redirect("orders:detail", public_id=order.public_id)


# --- an order's page and its actions ----------------------------------------------------------


def _detail_page(
    request: PortalRequest,
    order: Order,
    *,
    reject_form: RejectForm | None = None,
    status: int = 200,
) -> HttpResponse:
    actor = request.actor
    next_events = order_next_events(order)
    context = {
        "order": order,
        "breakdown": order.breakdown,
        "events": order_events(order=order),
        "lines": order_lines_page(order=order, number=parse_page(request.GET.get("page"))),
        "can_submit": states.SUBMIT in next_events and actor.can(Capability.ORDERS_CREATE),
        "can_approve": states.APPROVE in next_events and actor.can(Capability.ORDERS_APPROVE),
        "can_cancel": states.CANCEL in next_events and actor.can(Capability.ORDERS_CREATE),
        "can_pay": states.PAY in next_events and actor.can(Capability.ORDERS_CREATE),
        "can_duplicate": actor.can(Capability.ORDERS_CREATE) and order.status != Order.Status.DRAFT,
        "can_edit": order.is_editable and actor.can(Capability.ORDERS_CREATE),
        "reject_form": reject_form or RejectForm(),
        "notes": order.duplication_notes,
        "over_cap": order_over_cap(order=order) if order.is_editable else None,  # 0 or 1 query
        # Only a payable order says how its last card payment went.
        "last_attempt": order_last_attempt(order=order) if states.PAY in next_events else None,
    }
    return render(request, "orders/order_detail.html", context, status=status)


@require(Capability.ORDERS_VIEW)
def order_detail(request: PortalRequest, public_id: str) -> HttpResponse:
    return _detail_page(request, access_order(actor=request.actor, public_id=public_id))


def _act(
    request: PortalRequest, public_id: str, act: Callable[[Order], object], done: str
) -> HttpResponse:
    order = access_order(actor=request.actor, public_id=public_id)
    try:
        act(order)
    except DomainError as error:
        messages.error(request, str(error.user_message))
    else:
        messages.success(request, done)
    return redirect("orders:detail", public_id=order.public_id)


@require(Capability.ORDERS_CREATE)
@require_POST
def order_submit_view(request: PortalRequest, public_id: str) -> HttpResponse:
    order = access_order(actor=request.actor, public_id=public_id)
    try:
        order = order_submit(
            actor=request.actor,
            order=order,
            now=timezone.now(),
            acknowledged=request.POST.get("acknowledged") == "on",
        )
    except DomainError as error:
        messages.error(request, str(error.user_message))
    else:
        messages.success(request, _confirmed_message(order))
    return redirect("orders:detail", public_id=order.public_id)


@require(Capability.ORDERS_APPROVE)
@require_POST
def order_approve_view(request: PortalRequest, public_id: str) -> HttpResponse:
    return _act(
        request,
        public_id,
        lambda order: order_approve(actor=request.actor, order=order, now=timezone.now()),
        _("La commande est validée : elle peut être payée."),
    )


@require(Capability.ORDERS_APPROVE)
@require_POST
def order_reject_view(request: PortalRequest, public_id: str) -> HttpResponse:
    order = access_order(actor=request.actor, public_id=public_id)
    form = RejectForm(request.POST)
    if not form.is_valid():
        return _detail_page(request, order, reject_form=form, status=400)
    try:
        order_reject(
            actor=request.actor, order=order, reason=form.cleaned_data["reason"], now=timezone.now()
        )
    except DomainError as error:
        messages.error(request, str(error.user_message))
    else:
        messages.success(request, _("La commande est refusée : son auteur en est averti."))
    return redirect("orders:detail", public_id=order.public_id)


@require(Capability.ORDERS_CREATE)
@require_POST
def order_cancel_view(request: PortalRequest, public_id: str) -> HttpResponse:
    return _act(
        request,
        public_id,
        lambda order: order_cancel(actor=request.actor, order=order, now=timezone.now()),
        _("La commande est annulée."),
    )


@require(Capability.ORDERS_CREATE)
@require_POST
def order_transfer_view(request: PortalRequest, public_id: str) -> HttpResponse:
    return _act(
        request,
        public_id,
        lambda order: order_choose_transfer(actor=request.actor, order=order, now=timezone.now()),
        _("Faites le virement avec la référence indiquée : la commande sera payée à sa réception."),
    )


@require(Capability.ORDERS_VIEW)
def order_history_export(request: PortalRequest, kind: str) -> StreamingHttpResponse:
    """« Exporter l'historique »: the list's filter, as CSV or XLSX; `?detail=1` gives one line
    per beneficiary. Audited (who, what, which filter)."""
    query = OrderSearchForm(request.GET).to_query()
    detail = request.GET.get("detail") == "1"
    client = request.actor.client
    rows = (order_history_line_rows if detail else order_history_rows)(client=client, query=query)
    audit_record(
        actor_user=request.actor.user,
        action="orders.exported",
        now=timezone.now(),
        client=client,
        data={"format": kind, "detail": detail, "filtered": query.is_filtered},
    )
    name = f"commandes{'-detail' if detail else ''}-{client.client_number}-{timezone.localdate():%Y%m%d}.{kind}"
    if kind == "csv":
        response = StreamingHttpResponse(csv_chunks(rows), content_type="text/csv; charset=utf-8")
    else:
        response = StreamingHttpResponse(
            xlsx_chunks(rows, sheet_title=_("Commandes")),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
