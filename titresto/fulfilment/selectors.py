"""Reads of an order's fulfilment for its tracking page, at a fixed number of queries whatever
the order's size: parcels (few), load counts by status, one page of loads."""

from collections import Counter
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Case, Count, IntegerField, Value, When

from titresto.core.pagination import PAGE_SIZE, Page, page_bounds
from titresto.fulfilment.models import Load, Parcel
from titresto.orders.models import Order


@dataclass(frozen=True)
class TrackedParcel:
    parcel: Parcel
    tracking_url: str


def tracking_url(parcel: Parcel) -> str:
    template = settings.CARRIER_TRACKING_URLS.get(parcel.carrier, "")
    return (
        template.format(number=parcel.tracking_number)
        if template and parcel.tracking_number
        else ""
    )


def order_parcels(*, order: Order) -> list[TrackedParcel]:
    parcels = Parcel.objects.filter(order=order, client_id=order.client_id).order_by("id")
    return [TrackedParcel(parcel, tracking_url(parcel)) for parcel in parcels]


def order_load_counts(*, order: Order) -> Counter[str]:
    return Counter(
        dict(
            Load.objects.filter(order=order, client_id=order.client_id)
            .values("status")
            .annotate(count=Count("id"))
            .values_list("status", "count")
        )
    )


def order_loads_page(*, order: Order, number: int, total: int) -> Page:
    """Refused loads first (they need the manager), then in the order's line order."""
    rows = (
        Load.objects.filter(order=order, client_id=order.client_id)
        .select_related("order_line__beneficiary", "card")
        .annotate(
            refused_first=Case(
                When(status=Load.Status.REFUSED, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("refused_first", "order_line__position")
    )
    number, page_count, offset = page_bounds(total=total, number=number)
    return Page(list(rows[offset : offset + PAGE_SIZE]), total, number, page_count)
