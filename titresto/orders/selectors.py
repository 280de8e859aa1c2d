"""Reads of orders and imports, the client always given. Pages cost a fixed number of queries
whatever the size of the order: the totals come from the stored breakdown, lines by pages."""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import BigIntegerField, ExpressionWrapper, F, QuerySet

from titresto.clients.models import Client
from titresto.core.pagination import PAGE_SIZE, Page, page_bounds
from titresto.orders.models import (
    ImportIssue,
    Order,
    OrderEvent,
    OrderImport,
    OrderLine,
    PaymentAttempt,
)
from titresto.orders.orderfile.issues import Issue, Severity
from titresto.orders.orderfile.report import ValidationReport
from titresto.orders.pricing import over_cap_from
from titresto.orders.states import ORDER_MOVES
from titresto.orders.terms import OrderTerms


def _page(rows: QuerySet, *, number: int, total: int | None = None) -> Page:
    total = rows.count() if total is None else total
    number, page_count, offset = page_bounds(total=total, number=number)
    return Page(
        rows=list(rows[offset : offset + PAGE_SIZE]),
        total=total,
        number=number,
        page_count=page_count,
    )


@dataclass(frozen=True)
class OrderQuery:
    number: str = ""
    status: str = ""
    mode: str = ""
    period: dt.date | None = None  # the first day of the titres' month
    amount_min_cents: int | None = None
    amount_max_cents: int | None = None

    @property
    def is_filtered(self) -> bool:
        return any((self.number, self.status, self.mode, self.period)) or (
            self.amount_min_cents,
            self.amount_max_cents,
        ) != (None, None)


def orders_matching(*, client: Client, query: OrderQuery) -> QuerySet[Order]:
    """The list's and the history export's one filter."""
    orders = Order.objects.filter(client=client)
    if query.number:
        orders = orders.filter(number__icontains=query.number.strip())
    if query.status:
        orders = orders.filter(status=query.status)
    if query.mode:
        orders = orders.filter(mode=query.mode)
    if query.period:
        orders = orders.filter(load_period=query.period)
    if query.amount_min_cents is not None:
        orders = orders.filter(total_cents__gte=query.amount_min_cents)
    if query.amount_max_cents is not None:
        orders = orders.filter(total_cents__lte=query.amount_max_cents)
    return orders.order_by("-created_at", "-id")


def order_page(*, client: Client, query: OrderQuery, number: int = 1) -> Page:
    return _page(orders_matching(client=client, query=query), number=number)


def order_recent(*, client: Client, limit: int = 5) -> list[Order]:
    """The latest orders one may duplicate (« COMMANDER »): neither drafts nor cancelled."""
    return list(
        Order.objects.filter(client=client)
        .exclude(status__in=[Order.Status.DRAFT, Order.Status.CANCELLED])
        .order_by("-created_at", "-id")[:limit]
    )


def order_exists(*, client: Client) -> bool:
    return Order.objects.filter(client=client).exists()


def order_latest(*, client: Client) -> Order | None:
    """The dashboard's monthly reload: the client's latest order that is not cancelled.

    Paid, it is offered for « Renouveler la commande de <mois> »; still a draft or waiting,
    the dashboard leads back to it instead, so that a second click never makes a second
    order for the same month.
    """
    return (
        Order.objects.filter(client=client)
        .exclude(status=Order.Status.CANCELLED)
        .order_by("-load_period", "-created_at")
        .first()
    )


@dataclass(frozen=True)
class OverCap:
    """A draft's lines whose employer share per titre is over the exemption cap: legal, but
    the excess is subject to social charges, so the manager acknowledges it before submitting."""

    count: int
    examples: Sequence[OrderLine]
    cap_cents: int


def _over_cap_lines(order: Order) -> QuerySet[OrderLine]:
    cap = OrderTerms.from_json(order.terms).exemption_cap_cents
    return (
        OrderLine.objects.filter(order=order, client_id=order.client_id)
        .annotate(
            share_product=ExpressionWrapper(
                F("face_value_cents") * F("employer_share") * 100, output_field=BigIntegerField()
            )
        )
        .filter(share_product__gte=over_cap_from(cap))
    )


def order_over_cap_count(*, order: Order) -> int:
    """Counted when the order is priced (`services.orders.order_set_price`), kept on the order."""
    return _over_cap_lines(order).count()


def order_over_cap(*, order: Order) -> OverCap:
    """The stored count and, when there are some, the first five lines: no query without."""
    count = order.over_cap_lines
    examples = (
        list(_over_cap_lines(order).select_related("beneficiary").order_by("position")[:5])
        if count
        else []
    )
    cap = OrderTerms.from_json(order.terms).exemption_cap_cents
    return OverCap(count=count, examples=examples, cap_cents=cap)


def order_last_attempt(*, order: Order) -> PaymentAttempt | None:
    return PaymentAttempt.objects.filter(order=order, client_id=order.client_id).first()


def order_events(*, order: Order) -> list[OrderEvent]:
    return list(OrderEvent.objects.filter(order=order, client_id=order.client_id))


def order_lines_page(*, order: Order, number: int = 1) -> Page:
    """A page's ids from the (order, position, id) index, then its 50 rows joined: the last page
    of a 100 000-line order costs what the first does."""
    number, page_count, offset = page_bounds(total=order.line_count, number=number)
    ids = list(
        OrderLine.objects.filter(order=order, client_id=order.client_id)
        .order_by("position", "id")
        .values_list("pk", flat=True)[offset : offset + PAGE_SIZE]
    )
    rows = OrderLine.objects.filter(pk__in=ids).select_related("beneficiary", "delivery_point")
    by_id = rows.in_bulk()
    return Page([by_id[pk] for pk in ids], order.line_count, number, page_count)


def order_next_events(order: Order) -> frozenset[str]:
    return ORDER_MOVES.events_from(order.status)


def import_list(*, client: Client) -> list[OrderImport]:
    return list(OrderImport.objects.filter(client=client).order_by("-created_at", "-id")[:100])


def import_issues_page(*, order_import: OrderImport, number: int = 1) -> Page:
    issues = ImportIssue.objects.filter(
        order_import=order_import, client_id=order_import.client_id
    ).order_by("severity", "line", "id")
    return _page(issues, number=number)


def import_report(order_import: OrderImport) -> ValidationReport:
    """The stored report as the validation gave it: what the downloadable CSV is made of."""
    kept: dict[str, list[Issue]] = {
        ImportIssue.Severity.ERROR: [],
        ImportIssue.Severity.WARNING: [],
    }
    for row in ImportIssue.objects.filter(
        order_import=order_import, client_id=order_import.client_id
    ).order_by("severity", "line", "id"):
        kept[row.severity].append(
            Issue(
                line=row.line,
                column=row.column or None,
                code=row.code,
                severity=Severity(row.severity),
                message=row.message,
            )
        )
    return ValidationReport(
        lines_read=order_import.lines_read,
        errors=kept[ImportIssue.Severity.ERROR],
        warnings=kept[ImportIssue.Severity.WARNING],
        error_count=order_import.error_count,
        warning_count=order_import.warning_count,
    )


def order_latest_five(*, client: Client) -> list[Order]:
    """The dashboard's « Vos dernières commandes »: the latest created, whatever their status."""
    return list(Order.objects.filter(client=client).order_by("-created_at", "-id")[:5])
