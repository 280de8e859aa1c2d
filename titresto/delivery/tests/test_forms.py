import pytest

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


def test_a_valid_form_normalizes_code_and_city(db) -> None:
    form = DeliveryPointForm(VALID)

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
def test_bad_input_gets_a_french_message_next_to_the_field(db, field, value, message) -> None:
    form = DeliveryPointForm({**VALID, field: value})

    assert not form.is_valid()
    assert message in " ".join(form.errors[field])
