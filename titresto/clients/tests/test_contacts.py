import datetime as dt

import pytest
from django.utils import timezone

from tests.factories import ContactFactory, actor_for
from titresto.clients.models import Client, Contact
from titresto.clients.services import ContactData, ContactsLocked, contact_update
from titresto.core.models import AuditEvent
from titresto.core.versioning import StaleEdit

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 12, 3, 9, 30, tzinfo=dt.UTC)
BILLING = ContactData(
    first_name=" Paul ", last_name="Durand", email="Compta@Sonacs.example", phone="01 23 45 67 89"
)


def _paid(client: Client) -> Client:
    client.first_order_paid_at = NOW - dt.timedelta(days=3)
    client.save(update_fields=["first_order_paid_at"])
    return client


def test_a_missing_contact_is_created_at_its_first_save_and_audited(client_admin) -> None:
    _paid(client_admin.client)

    contact = contact_update(
        actor=actor_for(client_admin),
        role=Contact.Role.BILLING,
        data=BILLING,
        expected_version=0,
        now=NOW,
    )

    assert (contact.first_name, contact.email, contact.version) == (
        "Paul",
        "compta@sonacs.example",
        1,
    )
    event = AuditEvent.objects.get(action="contact.create")
    assert event.client_id == client_admin.client_id
    assert event.target_id == str(contact.pk)
    assert event.data["role"] == "BILLING"


def test_an_edit_records_what_changed_and_moves_the_version(client_admin) -> None:
    tenant = _paid(client_admin.client)
    main = ContactFactory(client=tenant, role=Contact.Role.MAIN_MANAGER, first_name="Claire")
    data = ContactData(
        first_name="Inès", last_name=main.last_name, email=main.email, phone="0612345678"
    )

    contact = contact_update(
        actor=actor_for(client_admin),
        role=Contact.Role.MAIN_MANAGER,
        data=data,
        expected_version=main.version,
        now=NOW,
    )

    assert contact.version == main.version + 1
    event = AuditEvent.objects.get(action="contact.update")
    assert event.data["changes"] == {
        "first_name": ["Claire", "Inès"],
        "phone": ["", "0612345678"],
    }


def test_saving_the_same_values_writes_nothing(client_admin) -> None:
    tenant = _paid(client_admin.client)
    main = ContactFactory(client=tenant, phone="")
    same = ContactData(main.first_name, main.last_name, main.email, "")

    contact_update(
        actor=actor_for(client_admin),
        role=main.role,
        data=same,
        expected_version=main.version,
        now=NOW,
    )

    assert Contact.objects.get(pk=main.pk).version == main.version
    assert not AuditEvent.objects.filter(action="contact.update").exists()


def test_a_stale_edit_is_refused_naming_who_changed_the_contact(client_admin, commandeur) -> None:
    tenant = _paid(client_admin.client)
    main = ContactFactory(client=tenant)
    opened_at = main.version
    contact_update(
        actor=actor_for(client_admin),
        role=main.role,
        data=ContactData("Inès", "Moreau", "ines@sonacs.example", ""),
        expected_version=opened_at,
        now=NOW,
    )
    colleague = client_admin.user.get_full_name() or client_admin.user.email

    with pytest.raises(StaleEdit, match=f"modifiée entre-temps par {colleague}"):
        contact_update(
            actor=actor_for(client_admin),
            role=main.role,
            data=ContactData("Paul", "Durand", "paul@sonacs.example", ""),
            expected_version=opened_at,
            now=NOW + dt.timedelta(minutes=1),
        )

    assert Contact.objects.get(pk=main.pk).first_name == "Inès"


def test_a_contact_created_by_a_colleague_meanwhile_makes_the_blank_form_stale(
    client_admin,
) -> None:
    tenant = _paid(client_admin.client)
    ContactFactory(client=tenant, role=Contact.Role.DELIVERY, first_name="Inès")

    with pytest.raises(StaleEdit):
        contact_update(
            actor=actor_for(client_admin),
            role=Contact.Role.DELIVERY,
            data=BILLING,
            expected_version=0,
            now=NOW,
        )

    assert Contact.objects.get(client=tenant, role=Contact.Role.DELIVERY).first_name == "Inès"


def test_before_the_first_paid_order_contacts_are_not_changed(client_admin) -> None:
    main = ContactFactory(client=client_admin.client, first_name="Claire")
    assert client_admin.client.first_order_paid_at is None

    with pytest.raises(ContactsLocked) as refused:
        contact_update(
            actor=actor_for(client_admin),
            role=main.role,
            data=ContactData("Paul", "Durand", "paul@sonacs.example", ""),
            expected_version=main.version,
            now=timezone.now(),
        )

    assert "Pour des raisons de sécurité certaines fonctionnalités" in str(
        refused.value.user_message
    )
    assert refused.value.status == 403
    assert Contact.objects.get(pk=main.pk).first_name == "Claire"
    assert not AuditEvent.objects.filter(action__startswith="contact.").exists()
