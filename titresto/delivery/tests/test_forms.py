import pytest

from tests.factories import DeliveryPointFactory
from titresto.delivery.forms import DeliveryPointForm

VALID = {
    "code": "entrepot_2",
    "name": "Entrepôt",
    "address_line1": "ZI des Chênes",
    "address_line2": "",
    "postcode": "69800",
    "city": "Saint-Priest",
    "contact_name": "Jean Dupont",
    "contact_phone": "04 72 00 00 00",
    "contact_email": "",
    "instructions": "",
}


def test_a_valid_form_normalizes_code_and_city(tenant) -> None:
    form = DeliveryPointForm(VALID, client=tenant)

    assert form.is_valid(), form.errors
    data = form.to_data()
    assert data.code == "ENTREPOT_2"
    assert data.city == "SAINT-PRIEST"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("code", "", "Ce champ est obligatoire."),
        ("code", "SITE 1", "Le code compte 1 à 20 caractères"),
        ("code", "ENTREPÔT", "sans espace ni accent"),
        ("code", "A" * 21, "au plus 20 caractères"),
        ("name", "", "Ce champ est obligatoire."),
        ("address_line1", "x" * 39, "au plus 38 caractères"),
        ("address_line2", "x" * 39, "au plus 38 caractères"),
        ("postcode", "7500", "Le code postal compte 5 chiffres"),
        ("postcode", "750011", "Le code postal compte 5 chiffres"),
        ("postcode", "75A01", "Le code postal compte 5 chiffres"),
        ("city", "", "Ce champ est obligatoire."),
        ("contact_phone", "01 23", "numéro de téléphone de 9 à 15 chiffres"),
        ("contact_phone", "appelez-moi", "numéro de téléphone de 9 à 15 chiffres"),
        (
            "contact_email",
            "pas-une-adresse",
            "adresse e-mail valide (ex. prenom.nom@entreprise.fr)",
        ),
        ("instructions", "x" * 301, "au plus 300 caractères"),
    ],
)
def test_bad_input_gets_a_french_message_next_to_the_field(tenant, field, value, message) -> None:
    form = DeliveryPointForm({**VALID, field: value}, client=tenant)

    assert not form.is_valid()
    assert message in " ".join(form.errors[field])


def test_a_taken_code_is_reported_with_the_other_errors_of_the_round(tenant) -> None:
    DeliveryPointFactory(client=tenant, code="ENTREPOT_2", name="Entrepôt nord")

    form = DeliveryPointForm({**VALID, "postcode": "6980", "city": ""}, client=tenant)

    assert not form.is_valid()
    assert set(form.errors) == {"code", "postcode", "city"}
    assert "déjà celui du point de livraison « Entrepôt nord »" in form.errors["code"][0]


def test_a_code_held_by_another_client_or_by_the_point_itself_is_free(tenant, other_tenant) -> None:
    DeliveryPointFactory(client=other_tenant, code="ENTREPOT_2")
    itself = DeliveryPointFactory(client=tenant, code="ENTREPOT_2")

    new_form = DeliveryPointForm({**VALID, "code": "entrepot_2"}, client=other_tenant)
    edit_form = DeliveryPointForm(
        {**VALID, "version": itself.version}, instance=itself, client=tenant
    )

    assert "code" in new_form.errors
    assert edit_form.is_valid(), edit_form.errors
