import datetime as dt

import pytest

from tests.factories import BeneficiaryFactory, DeliveryPointFactory
from titresto.beneficiaries.forms import BeneficiaryForm, BeneficiarySearchForm, DepartureForm

TODAY = dt.date(2026, 11, 20)


@pytest.fixture
def point(tenant):
    return DeliveryPointFactory(client=tenant, code="SIEGE")


def valid(point) -> dict:
    return {
        "matricule": " EMP-0042 ",
        "civility": "MME",
        "last_name": "Le  Gall-Dupré",
        "first_name": "Marie’Ève",
        "birth_date": "14/07/1985",
        "email": "Marie@Exemple.FR",
        "phone": "",
        "delivery_point": point.public_id,
        "home_address_line1": "",
        "home_address_line2": "",
        "home_postcode": "",
        "home_city": "",
    }


def form_for(data, point) -> BeneficiaryForm:
    return BeneficiaryForm(data, client=point.client, today=TODAY)


def test_a_valid_form_normalizes_what_was_typed(point) -> None:
    form = form_for(valid(point), point)

    assert form.is_valid(), form.errors
    data = form.to_data()
    assert data.matricule == "EMP-0042"
    assert data.last_name == "Le Gall-Dupré"
    assert data.first_name == "Marie'Ève"
    assert data.email == "marie@exemple.fr"
    assert data.birth_date == dt.date(1985, 7, 14)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("matricule", "", "Ce champ est obligatoire."),
        ("matricule", "EMP 42", "1 à 20 caractères parmi les lettres sans accent"),
        ("matricule", "ÉMP42", "1 à 20 caractères parmi les lettres sans accent"),
        ("matricule", "E" * 21, "au plus 20 caractères"),
        ("civility", "MLLE", "Sélectionnez un choix valide"),
        ("last_name", "", "Ce champ est obligatoire."),
        ("last_name", "Dupont2", "uniquement des lettres"),
        ("last_name", "Dupont;", "uniquement des lettres"),
        ("last_name", "-Dupont", "uniquement des lettres"),
        ("last_name", "A" * 39, "au plus 38 caractères"),
        ("first_name", "Jean_Paul", "uniquement des lettres"),
        ("birth_date", "1985-07-14", "au format JJ/MM/AAAA"),
        ("birth_date", "31/02/1985", "Le 31/02/1985 n'existe pas"),
        ("birth_date", "29/2/1985", "Le 29/02/1985 n'existe pas"),
        ("birth_date", "14/13/1985", "Le 14/13/1985 n'existe pas"),
        ("birth_date", "14 juillet 1985", "au format JJ/MM/AAAA"),
        ("birth_date", "21/11/2012", "âge de 13 ans"),
        ("birth_date", "20/11/1925", "âge de 101 ans"),
        ("email", "marie@", "adresse e-mail valide"),
        ("phone", "123", "numéro de téléphone de 9 à 15 chiffres"),
        ("home_postcode", "330000", "Le code postal compte 5 chiffres"),
        ("delivery_point", "999999", "Sélectionnez un choix valide"),
    ],
)
def test_bad_input_gets_a_french_message_next_to_the_field(point, field, value, message) -> None:
    form = form_for({**valid(point), field: value}, point)

    assert not form.is_valid()
    assert message in " ".join(form.errors[field])


def test_the_age_limits_are_inclusive(point) -> None:
    fourteen_today = form_for({**valid(point), "birth_date": "20/11/2012"}, point)
    hundred_today = form_for({**valid(point), "birth_date": "21/11/1925"}, point)

    assert fourteen_today.is_valid(), fourteen_today.errors
    assert hundred_today.is_valid(), hundred_today.errors


def test_no_point_needs_a_complete_home_address(point) -> None:
    form = form_for({**valid(point), "delivery_point": "", "home_address_line1": "5 rue"}, point)

    assert not form.is_valid()
    assert "home_address_line1" not in form.errors
    assert "envoi à domicile" in form.errors["home_postcode"][0]
    assert "envoi à domicile" in form.errors["home_city"][0]


def test_a_point_and_a_home_address_together_are_refused(point) -> None:
    form = form_for({**valid(point), "home_city": "Paris"}, point)

    assert not form.is_valid()
    assert "pas les deux" in form.errors["delivery_point"][0]


def test_a_bad_home_postcode(point) -> None:
    data = {
        **valid(point),
        "delivery_point": "",
        "home_address_line1": "5 rue des Lilas",
        "home_postcode": "3300",
        "home_city": "Bordeaux",
    }

    form = form_for(data, point)

    assert not form.is_valid()
    assert "5 chiffres" in form.errors["home_postcode"][0]


def test_an_inactive_point_is_not_offered_to_a_new_beneficiary(point) -> None:
    DeliveryPointFactory(client=point.client, code="FERME", is_active=False)

    form = BeneficiaryForm(client=point.client, today=TODAY)

    offered = [choice[1] for choice in form.fields["delivery_point"].choices]
    assert any("SIEGE" in str(label) for label in offered)
    assert not any("FERME" in str(label) for label in offered)


def test_search_form_ignores_unknown_values_one_by_one() -> None:
    form = BeneficiarySearchForm({"q": "dupont", "statut": "NIMPORTE", "tri": "-matricule"})

    query = form.to_query()

    assert (query.text, query.status, query.sort) == ("dupont", "", "-matricule")


def test_departure_form_wants_a_french_date() -> None:
    form = DepartureForm({"departure_date": "2026-11-01"})

    assert not form.is_valid()
    assert "JJ/MM/AAAA" in form.errors["departure_date"][0]


def test_the_search_box_is_a_search_input_with_one_type_attribute() -> None:
    html = str(BeneficiarySearchForm({})["q"])

    assert html.count("type=") == 1
    assert 'type="search"' in html


def test_a_beneficiary_keeps_being_offered_their_inactive_point(point) -> None:
    closed = DeliveryPointFactory(client=point.client, code="FERME", is_active=False)
    person = BeneficiaryFactory(client=point.client, delivery_point=closed)

    form = BeneficiaryForm(instance=person, client=point.client, today=TODAY)

    offered = [str(label) for _value, label in form.fields["delivery_point"].choices]
    assert any("FERME" in label for label in offered)
    assert any("SIEGE" in label for label in offered)
