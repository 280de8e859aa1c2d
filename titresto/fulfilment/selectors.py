"""Reads of fulfilment at a fixed number of queries whatever the sizes: an order's tracking page
(parcels, load counts by status, one page of loads) and a beneficiary's card with its loads."""

from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Q, Sum

from titresto.beneficiaries.models import Beneficiary
from titresto.cards.models import Card, CardEvent
from titresto.cards.states import IN_HAND_STATUSES, OPPOSITION_REASONS
from titresto.clients.models import Client
from titresto.core.pagination import PAGE_SIZE, Page, page_bounds
from titresto.fulfilment.models import Load, LoadCounts, Parcel
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
    """The order's loads by status, from its counts row (one row, whatever the order's size)."""
    counts = LoadCounts.objects.filter(order=order, client_id=order.client_id).first()
    if counts is None:
        return Counter()
    return Counter({status: counts.of(status) for status in LoadCounts.FIELDS})


def order_loads_page(*, order: Order, number: int, counts: Counter[str]) -> Page:
    """Refused loads first (they need the manager), then in the order's line order. A page is
    read as ids from the (order, line) index, then its 50 rows joined: the cost of the last
    page of a 100 000-line order is the first one's."""
    total = sum(counts.values())
    refused = counts.get(Load.Status.REFUSED, 0)
    number, page_count, offset = page_bounds(total=total, number=number)
    loads = Load.objects.filter(order=order, client_id=order.client_id)
    ids: list[int] = []
    if offset < refused:
        ids += (
            loads.filter(status=Load.Status.REFUSED)
            .order_by("order_line_id")
            .values_list("pk", flat=True)[offset : offset + PAGE_SIZE]
        )
    wanted = PAGE_SIZE - len(ids)
    if wanted:
        start = max(0, offset - refused)
        others = loads.exclude(status=Load.Status.REFUSED) if refused else loads
        ids += others.order_by("order_line_id").values_list("pk", flat=True)[start : start + wanted]
    rows = (
        Load.objects.filter(pk__in=ids).select_related("order_line__beneficiary", "card").in_bulk()
    )
    return Page([rows[pk] for pk in ids], total, number, page_count)


@dataclass(frozen=True)
class CardStep:
    event: CardEvent

    @property
    def label(self) -> str:
        return str(dict(Card.Status.choices).get(self.event.to_status, self.event.to_status))


@dataclass(frozen=True)
class BeneficiaryCard:
    """A beneficiary's card as their page shows it: the live one (or, without one, the latest),
    its history, a page of its loads and what they add up to."""

    card: Card | None
    earlier_cards: list[Card]
    steps: list[CardStep]
    loads: Page
    credited_cents: int
    scheduled_cents: int

    @property
    def can_be_opposed(self) -> bool:
        return self.card is not None and self.card.status in IN_HAND_STATUSES

    @property
    def opposition_reason(self) -> str:
        """LOST or STOLEN when a manager stopped this card (the replacement offered after it),
        else ""."""
        if self.card is None or self.card.status != Card.Status.BLOCKED:
            return ""
        return next(
            (
                OPPOSITION_REASONS[step.event.event]
                for step in reversed(self.steps)
                if step.event.event in OPPOSITION_REASONS
            ),
            "",
        )


def beneficiary_card(*, beneficiary: Beneficiary, number: int = 1) -> BeneficiaryCard:
    """Four queries whatever the number of cards, events and loads (one fewer without a card)."""
    cards = list(
        Card.objects.filter(client_id=beneficiary.client_id, beneficiary=beneficiary).order_by(
            "-created_at", "-id"
        )
    )
    card = next((card for card in cards if card.is_live), cards[0] if cards else None)
    if card is None:
        return BeneficiaryCard(None, [], [], Page([], 0, 1, 1), 0, 0)
    steps = [
        CardStep(event) for event in CardEvent.objects.filter(card=card, client_id=card.client_id)
    ]
    loads = Load.objects.filter(card=card, client_id=card.client_id)
    sums = loads.aggregate(
        total=Count("id"),
        credited=Sum("amount_cents", filter=Q(status=Load.Status.CREDITED), default=0),
        scheduled=Sum("amount_cents", filter=Q(status=Load.Status.SCHEDULED), default=0),
    )
    number, page_count, offset = page_bounds(total=sums["total"], number=number)
    rows = list(
        loads.select_related("order").order_by("-due_on", "-id")[offset : offset + PAGE_SIZE]
    )
    return BeneficiaryCard(
        card=card,
        earlier_cards=[other for other in cards if other.pk != card.pk],
        steps=steps,
        loads=Page(rows, sums["total"], number, page_count),
        credited_cents=sums["credited"],
        scheduled_cents=sums["scheduled"],
    )


TO_DO_MAX = 10


@dataclass(frozen=True)
class ToDo:
    """An order that waits for the manager: to pay, to approve, or a parcel in incident."""

    order: Order
    has_incident: bool

    @property
    def kind(self) -> str:
        if self.has_incident:
            return "incident"
        return "approve" if self.order.status == Order.Status.AWAITING_APPROVAL else "pay"


def orders_to_handle(*, client: Client, statuses: Collection[str]) -> list[ToDo]:
    """The client's orders in these statuses or with a parcel in incident, latest first, in
    one query (the dashboard's « À traiter »; the statuses are those the actor may act on)."""
    incident = Exists(Parcel.objects.filter(order=OuterRef("pk"), status=Parcel.Status.INCIDENT))
    rows = (
        Order.objects.filter(client=client)
        .annotate(has_incident=incident)
        .filter(Q(status__in=list(statuses)) | Q(has_incident=True))
        .order_by("-created_at", "-id")[:TO_DO_MAX]
    )
    return [ToDo(order, order.has_incident) for order in rows]
