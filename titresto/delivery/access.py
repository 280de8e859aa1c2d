from django.http import Http404

from titresto.core.actors import Actor
from titresto.delivery.models import DeliveryPoint


def access_delivery_point(*, actor: Actor, public_id: str) -> DeliveryPoint:
    """The actor's client's point, or 404 — the same answer for « missing » and « not yours »."""
    point = DeliveryPoint.objects.filter(client=actor.client, public_id=public_id).first()
    if point is None:
        raise Http404
    return point
