import datetime as dt

import pytest

from tests.factories import BeneficiaryFactory, DeliveryPointFactory, actor_for
from titresto.beneficiaries.models import Beneficiary
from titresto.beneficiaries.services import (
    BeneficiaryData,
    BeneficiaryInvalid,
    beneficiary_create,
    beneficiary_delete,
    beneficiary_depart,
    beneficiary_depart_many,
    beneficiary_reinstate,
    beneficiary_update,
)
from titresto.core.models import AuditEvent
from titresto.core.versioning import StaleEdit

NOW = dt.datetime(2026, 11, 20, 10, 30, tzinfo=dt.UTC)


def person_data(point, **changes) -> BeneficiaryData:
    values = {
        "matricule": "EMP-0042",
        "civility": "MME",
        "last_name": "Légaré",
        "first_name": "Élodie",
        "birth_date": dt.date(1985, 7, 14),
        "email": "elodie.legare@sonacs.example",
        "phone": "",
        "delivery_point": point,
        "home_address_line1": "",
        "home_address_line2": "",
        "home_postcode": "",
        "home_city": "",
    }
    return BeneficiaryData(**{**values, **changes})


@pytest.fixture
def point(tenant):
    return DeliveryPointFactory(client=tenant, code="SIEGE")


def test_create_keeps_the_search_text_and_audits(commandeur, point) -> None:
    person = beneficiary_create(actor=actor_for(commandeur), data=person_data(point), now=NOW)

    assert person.search_text == "legare elodie emp 0042 elodie.legare@sonacs.example"
    assert person.status == Beneficiary.Status.ACTIVE
    assert AuditEvent.objects.get().action == "beneficiary.create"


def test_create_with_a_home_address_instead_of_a_point(commandeur) -> None:
    data = person_data(
        None, home_address_line1="5 rue des Lilas", home_postcode="33000", home_city="BORDEAUX"
    )

    person = beneficiary_create(actor=actor_for(commandeur), data=data, now=NOW)

    assert person.ships_home


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"delivery_point": None}, "delivery_point", "adresse personnelle complète"),
        ({"home_city": "PARIS"}, "delivery_point", "pas les deux"),
        ({"home_address_line2": "Bât. B"}, "delivery_point", "pas les deux"),
        ({"birth_date": dt.date(2015, 1, 1)}, "birth_date", "âge de 11 ans"),
        ({"birth_date": dt.date(1920, 1, 1)}, "birth_date", "âge de 106 ans"),
        ({"last_name": "R2D2"}, "last_name", "uniquement des lettres"),
        ({"matricule": "EMP 42"}, "matricule", "1 à 20 caractères"),
    ],
)
def test_create_refuses_bad_data_and_saves_nothing(commandeur, point, changes, field, message):
    with pytest.raises(BeneficiaryInvalid) as error:
        beneficiary_create(actor=actor_for(commandeur), data=person_data(point, **changes), now=NOW)

    assert error.value.field == field
    assert message in str(error.value.user_message)
    assert not Beneficiary.objects.exists()
    assert not AuditEvent.objects.exists()


def test_a_duplicate_matricule_names_the_person_who_has_it(commandeur, point) -> None:
    BeneficiaryFactory(
        client=commandeur.client,
        matricule="EMP-0042",
        first_name="Jean",
        last_name="Dupont",
        birth_date=dt.date(1970, 3, 1),
    )

    with pytest.raises(BeneficiaryInvalid) as error:
        beneficiary_create(actor=actor_for(commandeur), data=person_data(point), now=NOW)

    assert "déjà celui de Jean DUPONT, né(e) le 01/03/1970" in str(error.value.user_message)
    assert error.value.field == "matricule"


def test_a_point_of_another_client_is_refused(commandeur, other_tenant) -> None:
    foreign_point = DeliveryPointFactory(client=other_tenant)

    with pytest.raises(BeneficiaryInvalid):
        beneficiary_create(actor=actor_for(commandeur), data=person_data(foreign_point), now=NOW)


def test_an_inactive_point_cannot_be_newly_chosen_but_can_be_kept(commandeur, point) -> None:
    closed = DeliveryPointFactory(client=commandeur.client, code="FERME", is_active=False)
    person = BeneficiaryFactory(client=commandeur.client, delivery_point=closed)

    with pytest.raises(BeneficiaryInvalid):
        beneficiary_create(
            actor=actor_for(commandeur), data=person_data(closed, matricule="NEW1"), now=NOW
        )
    kept = beneficiary_update(
        actor=actor_for(commandeur),
        beneficiary=person,
        data=person_data(closed, matricule=person.matricule),
        expected_version=1,
        now=NOW,
    )

    assert kept.delivery_point == closed


def test_update_refreshes_the_search_text_and_records_the_changes(commandeur, point) -> None:
    person = BeneficiaryFactory(client=commandeur.client, delivery_point=point, matricule="A1")

    updated = beneficiary_update(
        actor=actor_for(commandeur),
        beneficiary=person,
        data=person_data(point, matricule="A1", last_name="Hébert"),
        expected_version=1,
        now=NOW,
    )

    assert updated.search_text.startswith("hebert elodie a1")
    assert updated.version == 2
    event = AuditEvent.objects.get(action="beneficiary.update")
    assert event.data["changes"]["last_name"] == ["Lefèvre", "Hébert"]


def test_a_stale_update_is_refused(commandeur, point) -> None:
    person = BeneficiaryFactory(client=commandeur.client, delivery_point=point, version=3)

    with pytest.raises(StaleEdit):
        beneficiary_update(
            actor=actor_for(commandeur),
            beneficiary=person,
            data=person_data(point),
            expected_version=2,
            now=NOW,
        )

    person.refresh_from_db()
    assert person.matricule != "EMP-0042"


def test_depart_archives_with_the_date(commandeur) -> None:
    person = BeneficiaryFactory(client=commandeur.client)

    beneficiary_depart(
        actor=actor_for(commandeur),
        beneficiary=person,
        departure_date=dt.date(2026, 10, 31),
        now=NOW,
    )

    person.refresh_from_db()
    assert (person.status, person.departure_date) == ("DEPARTED", dt.date(2026, 10, 31))
    assert AuditEvent.objects.get().action == "beneficiary.depart"


@pytest.mark.parametrize(
    ("departure", "message"),
    [
        (dt.date(2026, 11, 21), "dans le futur"),
        (dt.date(1980, 1, 1), "précède la date de naissance"),
    ],
)
def test_depart_refuses_an_impossible_date(commandeur, departure, message) -> None:
    person = BeneficiaryFactory(client=commandeur.client)

    with pytest.raises(BeneficiaryInvalid) as error:
        beneficiary_depart(
            actor=actor_for(commandeur), beneficiary=person, departure_date=departure, now=NOW
        )

    assert message in str(error.value.user_message)
    person.refresh_from_db()
    assert person.status == "ACTIVE"


def test_depart_many_skips_other_clients_and_people_already_gone(commandeur, other_tenant):
    staying_mine = BeneficiaryFactory(client=commandeur.client)
    leaving_mine = BeneficiaryFactory(client=commandeur.client)
    gone = BeneficiaryFactory(
        client=commandeur.client, status="DEPARTED", departure_date=dt.date(2025, 1, 1)
    )
    theirs = BeneficiaryFactory(client=other_tenant)

    count = beneficiary_depart_many(
        actor=actor_for(commandeur),
        public_ids=[leaving_mine.public_id, gone.public_id, theirs.public_id],
        departure_date=dt.date(2026, 11, 1),
        now=NOW,
    )

    assert count == 1
    statuses = dict(Beneficiary.objects.values_list("pk", "status"))
    assert statuses[leaving_mine.pk] == "DEPARTED"
    assert statuses[staying_mine.pk] == statuses[theirs.pk] == "ACTIVE"
    assert Beneficiary.objects.get(pk=gone.pk).departure_date == dt.date(2025, 1, 1)


def test_depart_many_needs_a_selection(commandeur) -> None:
    with pytest.raises(BeneficiaryInvalid):
        beneficiary_depart_many(
            actor=actor_for(commandeur),
            public_ids=[],
            departure_date=dt.date(2026, 11, 1),
            now=NOW,
        )


def test_reinstate_makes_a_departed_person_active(commandeur) -> None:
    person = BeneficiaryFactory(
        client=commandeur.client, status="DEPARTED", departure_date=dt.date(2025, 1, 1)
    )

    beneficiary_reinstate(actor=actor_for(commandeur), beneficiary=person, now=NOW)

    person.refresh_from_db()
    assert (person.status, person.departure_date) == ("ACTIVE", None)


def test_delete_someone_never_ordered_for(commandeur) -> None:
    person = BeneficiaryFactory(client=commandeur.client)

    beneficiary_delete(actor=actor_for(commandeur), beneficiary=person, now=NOW)

    assert not Beneficiary.objects.exists()
    assert AuditEvent.objects.get().action == "beneficiary.delete"


def test_people_from_an_order_are_written_as_the_model_would_with_one_event_each(tenant):
    from titresto.beneficiaries.services import PersonFromOrder, beneficiaries_create_many
    from titresto.core.public_ids import parse_public_id

    point = DeliveryPointFactory(client=tenant)
    people = [
        PersonFromOrder(
            matricule="N0002",
            civility="M",
            last_name="Zoé-Lefèvre",
            first_name="Jérôme",
            birth_date=dt.date(1990, 2, 3),
            email="jerome@exemple.fr",
            delivery_point_id=point.pk,
        ),
        PersonFromOrder(
            matricule="N0001",
            civility="MME",
            last_name="Aubert",
            first_name="Inès",
            birth_date=dt.date(1979, 12, 31),
            email="",
            delivery_point_id=None,
            home_address_line1="5 rue des Lilas",
            home_postcode="33000",
            home_city="BORDEAUX",
        ),
    ]

    created = beneficiaries_create_many(client=tenant, people=people, by_user=None, now=NOW)

    zoe, ines = (Beneficiary.objects.get(client=tenant, matricule=m) for m in ("N0002", "N0001"))
    assert created == {"N0002": zoe.pk, "N0001": ines.pk}
    assert (zoe.last_name, zoe.first_name, zoe.birth_date, zoe.delivery_point_id) == (
        "Zoé-Lefèvre",
        "Jérôme",
        dt.date(1990, 2, 3),
        point.pk,
    )
    assert zoe.search_text == "zoe lefevre jerome n0002 jerome@exemple.fr"
    assert (ines.home_address_line1, ines.home_postcode, ines.home_city, ines.email) == (
        "5 rue des Lilas",
        "33000",
        "BORDEAUX",
        "",
    )
    for person in (zoe, ines):  # the columns the order leaves to the model's defaults
        assert (person.status, person.version, person.phone, person.departure_date) == (
            "ACTIVE",
            1,
            "",
            None,
        )
        assert person.created_at == person.updated_at == NOW
        assert parse_public_id(person.public_id)
    assert zoe.public_id != ines.public_id
    assert ines.pk < zoe.pk  # written in the lists' order (search_text), not the file's
    events = AuditEvent.objects.filter(action="beneficiary.create").order_by("id")
    assert [(e.target_id, e.data, e.client_id, e.actor_label) for e in events] == [
        (str(zoe.pk), {"matricule": "N0002", "by_order": True}, tenant.pk, "système"),
        (str(ines.pk), {"matricule": "N0001", "by_order": True}, tenant.pk, "système"),
    ]


def test_an_order_without_new_people_writes_none(tenant):
    from titresto.beneficiaries.services import beneficiaries_create_many

    assert beneficiaries_create_many(client=tenant, people=[], by_user=None, now=NOW) == {}
    assert not AuditEvent.objects.exists()
