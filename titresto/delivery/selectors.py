"""Every read of delivery points; the client is always given."""

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from titresto.clients.models import Client
from titresto.core.audit import audit_last_change
from titresto.core.models import AuditEvent
from titresto.delivery.models import DeliveryPoint


def delivery_point_list(*, client: Client) -> list[DeliveryPoint]:
    return list(DeliveryPoint.objects.filter(client=client).order_by("-is_active", "code"))


def delivery_point_choices(
    *, client: Client, keeping: int | None = None
) -> QuerySet[DeliveryPoint]:
    """The points a card may be sent to: the active ones, and the one a beneficiary already has."""
    offered = Q(is_active=True) if keeping is None else Q(is_active=True) | Q(pk=keeping)
    return DeliveryPoint.objects.filter(offered, client=client).order_by("code")


def delivery_point_holding_code(
    *, client: Client, code: str, excluding: int | None = None
) -> DeliveryPoint | None:
    """The point that already has this code, if any: asked by the form (every error in one
    round) and again by the service under its unique constraint (two saves at once)."""
    points = DeliveryPoint.objects.filter(client=client, code=code)
    if excluding is not None:
        points = points.exclude(pk=excluding)
    return points.first()


def delivery_point_count(*, client: Client) -> int:
    return DeliveryPoint.objects.filter(client=client).count()


def delivery_point_exists(*, client: Client) -> bool:
    return DeliveryPoint.objects.filter(client=client).exists()


@dataclass(frozen=True)
class DeliveryPointDetail:
    point: DeliveryPoint
    last_change: AuditEvent | None


def delivery_point_detail(*, point: DeliveryPoint) -> DeliveryPointDetail:
    return DeliveryPointDetail(
        point=point, last_change=audit_last_change(client=point.client_id, target=point)
    )
