import datetime as dt

import pytest

from tests.factories import BeneficiaryFactory, DeliveryPointFactory
from titresto.beneficiaries.selectors import (
    HOME,
    PAGE_SIZE,
    BeneficiaryQuery,
    beneficiary_export_rows,
    beneficiary_page,
)


def names(page) -> list[str]:
    return [row.last_name for row in page.rows]


def test_search_ignores_accents_and_case_on_name_matricule_and_email(tenant) -> None:
    BeneficiaryFactory(client=tenant, last_name="Légaré", first_name="Zoé", matricule="X-1")
    BeneficiaryFactory(client=tenant, last_name="Martin", email="zoe.martin@exemple.fr")
    BeneficiaryFactory(client=tenant, last_name="Petit", matricule="CHEF-42")

    by_name = beneficiary_page(client=tenant, query=BeneficiaryQuery(text="LEGARE zoe"))
    by_email = beneficiary_page(client=tenant, query=BeneficiaryQuery(text="zoe.martin@"))
    by_matricule = beneficiary_page(client=tenant, query=BeneficiaryQuery(text="chef-42"))

    assert names(by_name) == ["Légaré"]
    assert names(by_email) == ["Martin"]
    assert names(by_matricule) == ["Petit"]


def test_another_clients_people_never_show(tenant, other_tenant) -> None:
    BeneficiaryFactory(client=other_tenant, last_name="Intrus")

    page = beneficiary_page(client=tenant, query=BeneficiaryQuery(text="intrus"))

    assert (page.total, page.rows) == (0, [])


def test_filters_by_status_and_delivery(tenant) -> None:
    siege = DeliveryPointFactory(client=tenant, code="SIEGE")
    BeneficiaryFactory(client=tenant, last_name="Actif", delivery_point=siege)
    BeneficiaryFactory(
        client=tenant, last_name="Parti", status="DEPARTED", departure_date=dt.date(2025, 1, 1)
    )
    BeneficiaryFactory(
        client=tenant,
        last_name="Domicile",
        delivery_point=None,
        home_address_line1="5 rue des Lilas",
        home_postcode="33000",
        home_city="BORDEAUX",
    )

    departed = beneficiary_page(client=tenant, query=BeneficiaryQuery(status="DEPARTED"))
    at_siege = beneficiary_page(client=tenant, query=BeneficiaryQuery(delivery=siege.public_id))
    at_home = beneficiary_page(client=tenant, query=BeneficiaryQuery(delivery=HOME))

    assert names(departed) == ["Parti"]
    assert names(at_siege) == ["Actif"]
    assert names(at_home) == ["Domicile"]


def test_sorts_by_name_ignoring_accents_or_by_matricule(tenant) -> None:
    for last_name, matricule in [("Zola", "A1"), ("Élie", "C3"), ("Durand", "B2")]:
        BeneficiaryFactory(client=tenant, last_name=last_name, matricule=matricule)

    by_name = beneficiary_page(client=tenant, query=BeneficiaryQuery())
    by_name_desc = beneficiary_page(client=tenant, query=BeneficiaryQuery(sort="-nom"))
    by_matricule = beneficiary_page(client=tenant, query=BeneficiaryQuery(sort="matricule"))

    assert names(by_name) == ["Durand", "Élie", "Zola"]
    assert names(by_name_desc) == ["Zola", "Élie", "Durand"]
    assert names(by_matricule) == ["Zola", "Durand", "Élie"]


def test_pages_and_total(tenant) -> None:
    point = DeliveryPointFactory(client=tenant)
    BeneficiaryFactory.create_batch(PAGE_SIZE + 3, client=tenant, delivery_point=point)

    first = beneficiary_page(client=tenant, query=BeneficiaryQuery(), number=1)
    second = beneficiary_page(client=tenant, query=BeneficiaryQuery(), number=2)
    beyond = beneficiary_page(client=tenant, query=BeneficiaryQuery(), number=99)

    assert (first.total, first.page_count, len(first.rows)) == (PAGE_SIZE + 3, 2, PAGE_SIZE)
    assert (second.number, len(second.rows), second.first_index) == (2, 3, PAGE_SIZE + 1)
    assert beyond.number == 2
    assert not {row.pk for row in first.rows} & {row.pk for row in second.rows}


@pytest.mark.parametrize("people", [1, 50])
def test_a_page_is_three_queries_whatever_its_size(tenant, people, django_assert_num_queries):
    point = DeliveryPointFactory(client=tenant)
    BeneficiaryFactory.create_batch(people, client=tenant, delivery_point=point)

    # count, rows, delivery points (attached to the rows without a join)
    with django_assert_num_queries(3):
        page = beneficiary_page(client=tenant, query=BeneficiaryQuery(text="lefevre"))
        codes = [row.delivery_point.code for row in page.rows]

    assert codes == [point.code] * people


def test_export_rows_follow_the_filters_and_the_order_file_columns(tenant) -> None:
    BeneficiaryFactory(
        client=tenant, last_name="Durand", matricule="007", birth_date=dt.date(1990, 1, 2)
    )
    BeneficiaryFactory(client=tenant, last_name="Martin")

    rows = list(beneficiary_export_rows(client=tenant, query=BeneficiaryQuery(text="durand")))

    assert rows[0][:5] == ["matricule", "civilite", "nom", "prenom", "date_naissance"]
    assert len(rows) == 2
    assert rows[1][0] == "007"
    assert rows[1][4] == "02/01/1990"
    assert rows[0][15] == "statut" and rows[1][15] == "Actif"
