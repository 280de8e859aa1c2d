"""Every write on delivery points: one transaction, one audit event."""

from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext as _

from titresto.core.actors import Actor
from titresto.core.audit import audit_record
from titresto.core.errors import DomainError
from titresto.core.versioning import apply_changes, check_version, save_claiming_key
from titresto.delivery.models import DeliveryPoint
from titresto.delivery.selectors import delivery_point_holding_code
from titresto.delivery.validators import code_taken_message


@dataclass(frozen=True)
class DeliveryPointData:
    code: str
    name: str
    address_line1: str
    address_line2: str
    postcode: str
    city: str
    contact_name: str
    contact_phone: str
    contact_email: str
    instructions: str


class DeliveryPointCodeTaken(DomainError):
    code = "delivery_point_code_taken"
    field = "code"


class DeliveryPointInUse(DomainError):
    code = "delivery_point_in_use"


def _code_taken(*, point: DeliveryPoint) -> DeliveryPointCodeTaken | None:
    holder = delivery_point_holding_code(client=point.client, code=point.code, excluding=point.pk)
    return None if holder is None else DeliveryPointCodeTaken(code_taken_message(holder))


def _save(point: DeliveryPoint) -> None:
    save_claiming_key(point, taken=lambda: _code_taken(point=point))


@transaction.atomic
def delivery_point_create(*, actor: Actor, data: DeliveryPointData, now: datetime) -> DeliveryPoint:
    point = DeliveryPoint(client=actor.client, created_at=now, updated_at=now)
    apply_changes(instance=point, data=data)
    _save(point)
    audit_record(
        actor_user=actor.user,
        action="delivery_point.create",
        now=now,
        client=actor.client,
        target=point,
        data={"code": point.code, "name": point.name},
    )
    return point


@transaction.atomic
def delivery_point_update(
    *,
    actor: Actor,
    point: DeliveryPoint,
    data: DeliveryPointData,
    expected_version: int,
    now: datetime,
) -> DeliveryPoint:
    point = DeliveryPoint.objects.select_for_update().get(pk=point.pk, client=actor.client)
    check_version(instance=point, expected_version=expected_version)
    changes = apply_changes(instance=point, data=data)
    if not changes:
        return point
    point.version += 1
    point.updated_at = now
    _save(point)
    audit_record(
        actor_user=actor.user,
        action="delivery_point.update",
        now=now,
        client=actor.client,
        target=point,
        data={"code": point.code, "changes": changes},
    )
    return point


@transaction.atomic
def delivery_point_set_active(
    *, actor: Actor, point: DeliveryPoint, is_active: bool, now: datetime
) -> DeliveryPoint:
    """Deactivating keeps the point for past orders and beneficiaries, but no new order can use it."""
    point = DeliveryPoint.objects.select_for_update().get(pk=point.pk, client=actor.client)
    if point.is_active == is_active:
        return point
    point.is_active = is_active
    point.version += 1
    point.updated_at = now
    point.save(update_fields=["is_active", "version", "updated_at"])
    audit_record(
        actor_user=actor.user,
        action="delivery_point.activate" if is_active else "delivery_point.deactivate",
        now=now,
        client=actor.client,
        target=point,
        data={"code": point.code},
    )
    return point


@transaction.atomic
def delivery_point_delete(*, actor: Actor, point: DeliveryPoint, now: datetime) -> None:
    """Only a point nothing refers to: rows that use a point protect it (on_delete=PROTECT)."""
    point = DeliveryPoint.objects.select_for_update().get(pk=point.pk, client=actor.client)
    # Written first so it names the row; a refused delete rolls it back with the transaction.
    audit_record(
        actor_user=actor.user,
        action="delivery_point.delete",
        now=now,
        client=actor.client,
        target=point,
        data={"code": point.code, "name": point.name},
    )
    try:
        point.delete()
    except ProtectedError as exc:
        raise DeliveryPointInUse(
            _(
                "Le point de livraison %(code)s est déjà utilisé (bénéficiaires ou commandes) : "
                "il ne peut pas être supprimé. Désactivez-le plutôt : il ne sera plus proposé."
            )
            % {"code": point.code}
        ) from exc
