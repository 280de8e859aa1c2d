"""`insert_rows` writes what `bulk_create` would, without a model instance per row."""

import datetime as dt

import pytest

from titresto.core.bulk import insert_rows
from titresto.core.models import AuditEvent

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 11, 20, 10, 30, tzinfo=dt.UTC)
COLUMNS = ("actor_label", "action", "target_type", "target_id", "data", "created_at")


def _read(pk_order: str = "id") -> list[tuple]:
    return list(
        AuditEvent.objects.order_by(pk_order).values_list("client_id", "actor_user_id", *COLUMNS)
    )


def test_rows_read_back_as_the_orm_writes_them() -> None:
    rows = [
        ("système", "x.create", "beneficiaries.beneficiary", str(n), {"n": n, "é": [1, None]}, NOW)
        for n in range(3)
    ]
    AuditEvent.objects.bulk_create(
        AuditEvent(**dict(zip(COLUMNS, row, strict=True))) for row in rows
    )
    by_orm = _read()
    AuditEvent.objects.all().delete()

    assert insert_rows(AuditEvent, COLUMNS, iter(rows), batch_size=2) == 3

    assert _read() == by_orm
    assert by_orm[0] == (None, None, *rows[0])


def test_a_left_out_field_takes_its_default() -> None:
    insert_rows(AuditEvent, ("actor_label", "action", "created_at"), [("a", "b", NOW)])

    event = AuditEvent.objects.get()
    assert (event.data, event.target_type, event.client_id) == ({}, "", None)


def test_a_required_field_left_out_or_a_short_row_is_refused() -> None:
    with pytest.raises(ValueError, match="created_at"):
        insert_rows(AuditEvent, ("actor_label", "action"), [("a", "b")])
    with pytest.raises(ValueError, match="not concrete fields"):
        insert_rows(AuditEvent, ("actor", "action", "created_at"), [("a", "b", NOW)])
    with pytest.raises(ValueError, match="2 values for 3 names"):
        insert_rows(AuditEvent, ("actor_label", "action", "created_at"), [("a", "b")])
    assert not AuditEvent.objects.exists()
