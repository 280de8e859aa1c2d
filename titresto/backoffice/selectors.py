"""The back-office's reads across clients (the only app allowed to): what an agent sees
beside a client's request."""

from dataclasses import dataclass

from titresto.clients.models import Client, Contract
from titresto.fulfilment.models import Parcel
from titresto.orders.models import Order

LATEST_ORDERS = 5


@dataclass(frozen=True)
class ClientContext:
    client: Client
    contract: Contract | None
    latest_orders: list[Order]
    incident_parcels: list[Parcel]


def client_context(*, client: Client) -> ClientContext:
    """The client's active contract, its latest orders and their statuses, and its parcels in
    incident: three queries whatever the client's size."""
    contract = (
        Contract.objects.filter(client=client, status=Contract.Status.ACTIVE)
        .order_by("-signed_date", "-id")
        .first()
    )
    orders = list(
        Order.objects.filter(client=client).order_by("-created_at", "-id")[:LATEST_ORDERS]
    )
    parcels = list(
        Parcel.objects.filter(client=client, status=Parcel.Status.INCIDENT)
        .select_related("order")
        .order_by("-id")[:20]
    )
    return ClientContext(client, contract, orders, parcels)
