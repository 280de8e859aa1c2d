import datetime as dt

import pytest

from tests.factories import BeneficiaryFactory, DeliveryPointFactory, actor_for
from titresto.core.models import AuditEvent
from titresto.core.versioning import StaleEdit
from titresto.delivery.models import DeliveryPoint
from titresto.delivery.services import (
    DeliveryPointCodeTaken,
    DeliveryPointData,
    DeliveryPointInUse,
    delivery_point_create,
    delivery_point_delete,
    delivery_point_set_active,
    delivery_point_update,
)

NOW = dt.datetime(2026, 11, 20, 10, 30, tzinfo=dt.UTC)


def point_data(**changes) -> DeliveryPointData:
    values = {
        "code": "SIEGE",
        "name": "Siège",
        "address_line1": "12 rue de la Paix",
        "address_line2": "",
        "postcode": "75002",
        "city": "PARIS",
        "contact_name": "Claire Lefèvre",
        "contact_phone": "01 23 45 67 89",
        "contact_email": "accueil@sonacs.example",
        "instructions": "Accueil au rez-de-chaussée",
    }
    return DeliveryPointData(**{**values, **changes})


def test_create_saves_the_point_and_audits_it(client_admin) -> None:
    point = delivery_point_create(actor=actor_for(client_admin), data=point_data(), now=NOW)

    assert point.client == client_admin.client
    assert point.version == 1
    event = AuditEvent.objects.get(action="delivery_point.create")
    assert event.target_id == str(point.pk)
    assert event.actor_user == client_admin.user


def test_create_refuses_a_code_the_client_already_uses_and_names_the_holder(client_admin) -> None:
    DeliveryPointFactory(client=client_admin.client, code="SIEGE", name="Siège social")

    with pytest.raises(DeliveryPointCodeTaken) as error:
        delivery_point_create(actor=actor_for(client_admin), data=point_data(), now=NOW)

    assert "« Siège social »" in str(error.value.user_message)
    assert error.value.field == "code"
    assert DeliveryPoint.objects.count() == 1


def test_the_same_code_is_free_for_another_client(client_admin, other_client_admin) -> None:
    DeliveryPointFactory(client=other_client_admin.client, code="SIEGE")

    point = delivery_point_create(actor=actor_for(client_admin), data=point_data(), now=NOW)

    assert point.code == "SIEGE"


def test_update_bumps_the_version_and_audits_the_changes(client_admin) -> None:
    point = DeliveryPointFactory(client=client_admin.client, code="SIEGE", city="PARIS")

    updated = delivery_point_update(
        actor=actor_for(client_admin),
        point=point,
        data=point_data(city="LYON"),
        expected_version=1,
        now=NOW,
    )

    assert updated.version == 2
    assert updated.city == "LYON"
    event = AuditEvent.objects.get(action="delivery_point.update")
    assert event.data["changes"]["city"] == ["PARIS", "LYON"]


def test_a_stale_edit_is_refused_and_says_who_changed_it(client_admin, commandeur) -> None:
    point = DeliveryPointFactory(client=client_admin.client, code="SIEGE")
    delivery_point_update(
        actor=actor_for(commandeur), point=point, data=point_data(), expected_version=1, now=NOW
    )

    with pytest.raises(StaleEdit) as error:
        delivery_point_update(
            actor=actor_for(client_admin),
            point=point,
            data=point_data(city="LYON"),
            expected_version=1,
            now=NOW,
        )

    message = str(error.value.user_message)
    assert "modifiée entre-temps par Camille Durand le 20/11/2026 à 11:30" in message
    assert "rechargez" in message
    assert DeliveryPoint.objects.get().city == "PARIS"


def test_deactivate_then_reactivate(client_admin) -> None:
    point = DeliveryPointFactory(client=client_admin.client)

    delivery_point_set_active(actor=actor_for(client_admin), point=point, is_active=False, now=NOW)
    point.refresh_from_db()
    assert point.is_active is False
    delivery_point_set_active(actor=actor_for(client_admin), point=point, is_active=True, now=NOW)

    point.refresh_from_db()
    assert point.is_active is True
    assert AuditEvent.objects.filter(target_id=str(point.pk)).count() == 2


def test_delete_a_point_never_used(client_admin) -> None:
    point = DeliveryPointFactory(client=client_admin.client)

    delivery_point_delete(actor=actor_for(client_admin), point=point, now=NOW)

    assert not DeliveryPoint.objects.exists()
    assert AuditEvent.objects.filter(action="delivery_point.delete").count() == 1


def test_delete_refuses_a_point_in_use_and_changes_nothing(client_admin) -> None:
    point = DeliveryPointFactory(client=client_admin.client, code="SIEGE")
    BeneficiaryFactory(client=client_admin.client, delivery_point=point)

    with pytest.raises(DeliveryPointInUse) as error:
        delivery_point_delete(actor=actor_for(client_admin), point=point, now=NOW)

    assert "Désactivez-le" in str(error.value.user_message)
    assert DeliveryPoint.objects.filter(pk=point.pk).exists()
    assert not AuditEvent.objects.filter(action="delivery_point.delete").exists()
