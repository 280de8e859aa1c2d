"""« Statistiques d'utilisation carte » and its export (CSV or XLSX): aggregates only."""

from typing import Any

from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from titresto.beneficiaries.export import csv_chunks, xlsx_chunks
from titresto.core.actors import PortalRequest, require
from titresto.core.capabilities import Capability
from titresto.core.errors import DomainError
from titresto.statistics.export import figures_rows
from titresto.statistics.figures import (
    UsageFigures,
    point_for,
    statistics_points,
    usage_figures,
)
from titresto.statistics.forms import UsageFilterForm


def _figures(request: PortalRequest) -> tuple[UsageFilterForm, UsageFigures | None]:
    today = timezone.localdate()
    points = statistics_points(actor=request.actor)
    form = UsageFilterForm(request.GET or None, points=points, today=today)
    if form.is_bound and not form.is_valid():
        return form, None
    try:
        point = point_for(points, form.cleaned_data.get("point", "") if form.is_bound else "")
    except DomainError as error:
        form.add_error("point", str(error.user_message))
        return form, None
    figures = usage_figures(actor=request.actor, period=form.period(), point=point, today=today)
    return form, figures


def _chart(chart_id: str, kind: str, labels: list[str], sets: list[dict[str, Any]]) -> dict:
    return {"id": chart_id, "spec": {"type": kind, "labels": labels, "datasets": sets}}


def _charts(figures: UsageFigures) -> dict[str, dict[str, Any]]:
    months = figures.months
    return {
        "months": _chart(
            "chart-months",
            "bar",
            [month.label for month in months],
            [
                {"label": _("Chargé (€)"), "data": [m.loaded_cents / 100 for m in months]},
                {
                    "label": _("Dépensé (€)"),
                    "data": [(m.spent_cents or 0) / 100 for m in months],
                },
            ],
        ),
        "categories": _chart(
            "chart-categories",
            "doughnut",
            [group.label for group in figures.by_category],
            [{"label": _("Dépensé (€)"), "data": [g.amount for g in figures.by_category]}],
        ),
        "weekdays": _chart(
            "chart-weekdays",
            "bar",
            [group.label for group in figures.by_weekday],
            [{"label": _("Paiements"), "data": [g.count for g in figures.by_weekday]}],
        ),
        "hours": _chart(
            "chart-hours",
            "bar",
            [group.label for group in figures.by_hour],
            [{"label": _("Paiements"), "data": [g.count for g in figures.by_hour]}],
        ),
        "refusals": _chart(
            "chart-refusals",
            "bar",
            [refusal.group.label for refusal in figures.refusals],
            [{"label": _("Refus"), "data": [r.group.count for r in figures.refusals]}],
        ),
    }


@require(Capability.STATISTICS_VIEW)
def usage(request: PortalRequest) -> HttpResponse:
    form, figures = _figures(request)
    query = request.GET.urlencode()
    context = {
        "form": form,
        "figures": figures,
        "charts": _charts(figures) if figures else {},
        "query": query,
    }
    return render(request, "statistics/usage.html", context)


@require(Capability.STATISTICS_VIEW)
def usage_export(request: PortalRequest, format: str) -> HttpResponseBase:
    if format not in ("csv", "xlsx"):
        raise Http404
    form, figures = _figures(request)
    if figures is None:
        return render(request, "statistics/usage.html", {"form": form, "figures": None}, status=400)
    rows = figures_rows(figures)
    name = f"statistiques-{request.actor.client.client_number}-{figures.period.start:%Y%m%d}"
    if format == "xlsx":
        response = StreamingHttpResponse(
            xlsx_chunks(rows, sheet_title=_("Statistiques")),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        response = StreamingHttpResponse(csv_chunks(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.{format}"'
    return response
