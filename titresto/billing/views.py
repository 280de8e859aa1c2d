"""« Mes documents comptables »: the list, and each download through an access function (the
bytes read back from storage and checked against their SHA-256; never a storage URL)."""

from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from titresto.beneficiaries.export import csv_chunks, xlsx_chunks
from titresto.billing.access import access_document
from titresto.billing.detail import order_detail_rows
from titresto.billing.forms import DocumentSearchForm
from titresto.billing.selectors import document_page, kinds_for
from titresto.billing.storage import stored_bytes
from titresto.core.actors import PortalRequest, require
from titresto.core.capabilities import Capability
from titresto.core.parsing import parse_page
from titresto.orders.access import access_order

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@require(Capability.DOCUMENTS_VIEW)
def document_list(request: PortalRequest) -> HttpResponse:
    form = DocumentSearchForm(request.GET, kinds=kinds_for(request.actor))
    query = form.to_query()
    page = document_page(
        actor=request.actor, query=query, number=parse_page(request.GET.get("page"))
    )
    filters = request.GET.copy()
    filters.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "filters": filters.urlencode(),
        "is_filtered": query.is_filtered,
    }
    return render(request, "billing/document_list.html", context)


def _attachment(data: bytes, *, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@require(Capability.DOCUMENTS_VIEW)
def document_pdf(request: PortalRequest, public_id: str) -> HttpResponse:
    document = access_document(actor=request.actor, public_id=public_id)
    data = stored_bytes(document.pdf_name, sha256=document.pdf_sha256)
    return _attachment(data, content_type="application/pdf", filename=f"{document.number}.pdf")


@require(Capability.DOCUMENTS_VIEW)
def document_xml(request: PortalRequest, public_id: str) -> HttpResponse:
    document = access_document(actor=request.actor, public_id=public_id)
    if not document.xml_name:  # a statement is not an invoice: no EN 16931 XML
        raise Http404
    data = stored_bytes(document.xml_name, sha256=document.xml_sha256)
    return _attachment(
        data, content_type="application/xml", filename=f"{document.number}-factur-x.xml"
    )


@require(Capability.DOCUMENTS_VIEW)
def order_detail_export(request: PortalRequest, public_id: str, kind: str) -> StreamingHttpResponse:
    """The order's lines (beneficiary, matricule, titres, shares, card, destination), streamed."""
    order = access_order(actor=request.actor, public_id=public_id)
    rows = order_detail_rows(order=order)
    if kind == "csv":
        response = StreamingHttpResponse(csv_chunks(rows), content_type="text/csv; charset=utf-8")
    else:
        response = StreamingHttpResponse(
            xlsx_chunks(rows, sheet_title=_("Détail")), content_type=XLSX
        )
    name = f"detail-{order.number}-{timezone.localdate():%Y%m%d}.{kind}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
