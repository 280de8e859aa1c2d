import datetime as dt

from tests.factories import ClientFactory
from titresto.beneficiaries.models import Beneficiary
from titresto.delivery.models import DeliveryPoint
from titresto.portal.demo.clients import ATELIER_DUPONT, SONACS
from titresto.portal.demo.directory import seed_directory

NOW = dt.datetime(2026, 11, 20, 9, 0, tzinfo=dt.UTC)


def test_sonacs_gets_two_sites_and_forty_people_some_gone_some_at_home(db) -> None:
    sonacs = ClientFactory(siret=SONACS.siret, legal_name="SONACS")

    seed_directory(client=sonacs, now=NOW)

    people = Beneficiary.objects.filter(client=sonacs)
    codes = set(DeliveryPoint.objects.filter(client=sonacs).values_list("code", flat=True))
    assert codes == {"SIEGE", "ENTREPOT"}
    assert people.count() == 40
    assert people.filter(status="DEPARTED").count() >= 3
    assert people.filter(delivery_point__isnull=True).count() >= 2
    assert people.filter(delivery_point__code="ENTREPOT").exists()
    assert people.get(matricule="SON0001").search_text.startswith("lefevre elodie")


def test_seeding_twice_changes_nothing_and_dupont_gets_its_own(db) -> None:
    sonacs = ClientFactory(siret=SONACS.siret)
    dupont = ClientFactory(siret=ATELIER_DUPONT.siret)

    for _run in range(2):
        seed_directory(client=sonacs, now=NOW)
        seed_directory(client=dupont, now=NOW)

    assert Beneficiary.objects.filter(client=sonacs).count() == 40
    assert Beneficiary.objects.filter(client=dupont).count() == 4
    assert DeliveryPoint.objects.filter(client=dupont).count() == 1


def test_other_clients_get_nothing(db) -> None:
    other = ClientFactory()

    seed_directory(client=other, now=NOW)

    assert not Beneficiary.objects.filter(client=other).exists()
