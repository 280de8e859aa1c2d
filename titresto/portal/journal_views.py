"""« Journal d'activité » (administrators): who did what, when, on which object."""

from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone

from titresto.beneficiaries.export import csv_chunks
from titresto.core.actors import PortalRequest, require
from titresto.core.capabilities import Capability
from titresto.portal.forms import JournalFilterForm
from titresto.portal.journal import (
    JournalFilters,
    journal_csv_rows,
    journal_page,
    journal_people,
)


def _filters(form: JournalFilterForm) -> JournalFilters:
    return form.to_filters() if form.is_bound else JournalFilters()


def _page_number(request: PortalRequest) -> int:
    text = request.GET.get("page", "")
    return int(text) if text.isdigit() and len(text) < 9 else 1


@require(Capability.AUDIT_VIEW)
def journal(request: PortalRequest) -> HttpResponse:
    form = JournalFilterForm(request.GET or None, people=journal_people(actor=request.actor))
    page = journal_page(actor=request.actor, filters=_filters(form), number=_page_number(request))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "filters": query.urlencode()}
    return render(request, "portal/journal.html", context)


@require(Capability.AUDIT_VIEW)
def journal_export(request: PortalRequest) -> StreamingHttpResponse:
    form = JournalFilterForm(request.GET or None, people=journal_people(actor=request.actor))
    rows = journal_csv_rows(actor=request.actor, filters=_filters(form))
    response = StreamingHttpResponse(csv_chunks(rows), content_type="text/csv; charset=utf-8")
    name = f"journal-{request.actor.client.client_number}-{timezone.localdate():%Y%m%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
