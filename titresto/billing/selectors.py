"""Every read of billing: the actor's client only, and for a Commandeur the documents of orders
only (statements are the accountant's: `STATEMENTS_VIEW`)."""

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import QuerySet

from titresto.billing.models import Document
from titresto.core.actors import Actor
from titresto.core.capabilities import Capability
from titresto.core.pagination import PAGE_SIZE, Page, page_bounds
from titresto.orders.models import Order


@dataclass(frozen=True)
class DocumentQuery:
    kind: str = ""
    issued_from: dt.date | None = None
    issued_to: dt.date | None = None
    order_number: str = ""

    @property
    def is_filtered(self) -> bool:
        return bool(self.kind or self.issued_from or self.issued_to or self.order_number)


def kinds_for(actor: Actor) -> list[str]:
    """The kinds of document the actor may see."""
    kinds = list(Document.Kind.values)
    if not actor.can(Capability.STATEMENTS_VIEW):
        kinds.remove(Document.Kind.STATEMENT)
    return kinds


def documents_matching(*, actor: Actor, query: DocumentQuery) -> QuerySet[Document]:
    documents = Document.objects.filter(client=actor.client, kind__in=kinds_for(actor))
    if query.kind:
        documents = documents.filter(kind=query.kind)
    if query.issued_from:
        documents = documents.filter(issue_date__gte=query.issued_from)
    if query.issued_to:
        documents = documents.filter(issue_date__lte=query.issued_to)
    if query.order_number:
        documents = documents.filter(order__number__icontains=query.order_number.strip())
    return documents.order_by("-issued_at", "-id")


def document_page(*, actor: Actor, query: DocumentQuery, number: int = 1) -> Page:
    """A page of 50 documents with their order and linked document, in two queries."""
    documents = documents_matching(actor=actor, query=query)
    total = documents.count()
    number, page_count, offset = page_bounds(total=total, number=number)
    rows = list(
        documents.select_related("order", "refers_to").only(
            "public_id",
            "kind",
            "number",
            "issue_date",
            "issued_at",
            "period_start",
            "period_end",
            "total_excl_vat_cents",
            "vat_cents",
            "total_cents",
            "xml_name",
            "order__public_id",
            "order__number",
            "refers_to__number",
            "refers_to__kind",
        )[offset : offset + PAGE_SIZE]
    )
    return Page(rows=rows, total=total, number=number, page_count=page_count)


def order_documents(*, actor: Actor, order: Order) -> list[Document]:
    """The documents of one order (already the actor's), oldest first."""
    return list(
        Document.objects.filter(
            client=actor.client, order=order, kind__in=kinds_for(actor)
        ).order_by("issued_at", "id")
    )


def documents_of_period(*, actor: Actor, start: dt.date, end: dt.date) -> Iterator[Document]:
    return documents_matching(
        actor=actor, query=DocumentQuery(issued_from=start, issued_to=end)
    ).iterator(chunk_size=500)
