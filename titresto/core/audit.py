from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.db import models

from titresto.core.bulk import insert_rows
from titresto.core.models import AuditEvent

SYSTEM_LABEL = "système"


def author_label(user: Any | None) -> str:
    """How history names who acted: the person's name, else their address; nobody is the system."""
    if user is None:
        return SYSTEM_LABEL
    return user.get_full_name() or user.email


def audit_record(
    *,
    actor_user: Any | None,
    action: str,
    now: datetime,
    client: Any | None = None,
    target: models.Model | None = None,
    data: dict[str, Any] | None = None,
) -> AuditEvent:
    """Write one audit event; call it inside the service's transaction."""
    return AuditEvent.objects.create(
        client=client,
        actor_user=actor_user,
        actor_label=author_label(actor_user),
        action=action,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        data=data or {},
        created_at=now,
    )


def audit_last_change(*, client: Any, target: models.Model) -> AuditEvent | None:
    """The latest event about one object (« modifié le … par … »)."""
    return (
        AuditEvent.objects.filter(
            client=client, target_type=target._meta.label_lower, target_id=str(target.pk)
        )
        .order_by("-created_at", "-id")
        .first()
    )


def audit_record_many(
    *,
    actor_user: Any | None,
    action: str,
    now: datetime,
    client: Any,
    targets: Iterable[tuple[models.Model, dict[str, Any]]],
    batch_size: int = 5000,
) -> None:
    """One audit event per target, written in batches: what an order creating 100 000
    beneficiaries at once writes, inside its transaction."""
    audit_record_rows(
        actor_user=actor_user,
        action=action,
        now=now,
        client=client,
        targets=((target._meta.label_lower, target.pk, data) for target, data in targets),
        batch_size=batch_size,
    )


def audit_record_rows(
    *,
    actor_user: Any | None,
    action: str,
    now: datetime,
    client: Any,
    targets: Iterable[tuple[str, Any, dict[str, Any]]],
    batch_size: int = 5000,
) -> None:
    """`audit_record_many` for targets known by (model label, pk, data), with no instance:
    the events of rows written by `core.bulk.insert_rows`."""
    label = author_label(actor_user)
    user_id = actor_user.pk if actor_user is not None else None
    client_id = client.pk if client is not None else None
    insert_rows(
        AuditEvent,
        (
            "client_id",
            "actor_user_id",
            "actor_label",
            "action",
            "target_type",
            "target_id",
            "data",
            "created_at",
        ),
        (
            (client_id, user_id, label, action, target_type, str(pk), data, now)
            for target_type, pk, data in targets
        ),
        batch_size=batch_size,
    )
