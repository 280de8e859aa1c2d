"""Edits that know which version they started from: delivery points, beneficiaries, contacts.

Two managers may open the same record; the second to save must not silently overwrite the
first. Every form carries the `version` it was rendered from; the update service compares it
under a row lock and refuses a stale one, naming who changed the record and when.
"""

from collections.abc import Callable
from dataclasses import fields
from datetime import date, datetime
from typing import Any

from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from titresto.core.audit import audit_last_change
from titresto.core.errors import DomainError


class StaleEdit(DomainError):
    code = "stale_edit"
    status = 409


def check_version(*, instance: Any, expected_version: int) -> None:
    if instance.version == expected_version:
        return
    last = audit_last_change(client=instance.client_id, target=instance)
    if last is None:
        raise StaleEdit(
            _(
                "Cette fiche a été modifiée entre-temps : rechargez la page pour voir la version "
                "actuelle, puis refaites votre modification."
            )
        )
    when = timezone.localtime(last.created_at)
    raise StaleEdit(
        _(
            "Cette fiche a été modifiée entre-temps par %(who)s le %(date)s à %(time)s : "
            "rechargez la page pour voir la version actuelle, puis refaites votre modification."
        )
        % {
            "who": last.actor_label,
            "date": date_format(when, "SHORT_DATE_FORMAT"),
            "time": date_format(when, "H:i"),
        }
    )


def audit_value(value: Any) -> Any:
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, date | datetime):
        return value.isoformat()
    return value


def apply_changes(*, instance: Any, data: Any) -> dict[str, list[Any]]:
    """Copies a dataclass of fields onto the instance; returns {field: [before, after]} for the audit."""
    changes: dict[str, list[Any]] = {}
    for field in fields(data):
        name, value = field.name, getattr(data, field.name)
        before = getattr(instance, name)
        if before != value:
            changes[name] = [audit_value(before), audit_value(value)]
            setattr(instance, name, value)
    return changes


def save_claiming_key(instance: models.Model, *, taken: Callable[[], DomainError | None]) -> None:
    """Saves a row whose key (a code, a matricule) must be unique within the client.

    `taken` names the row that already holds the key: asked first, and again when the unique
    constraint refuses the save because another manager claimed the key at the same instant.
    """
    error = taken()
    if error is not None:
        raise error
    try:
        with transaction.atomic():
            instance.save()
    except IntegrityError as exc:
        raise taken() or exc from exc
