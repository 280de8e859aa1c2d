"""French copy: « de » elides before a vowel, whatever name or month a sentence receives."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from tests.factories import BeneficiaryFactory
from titresto.core.french import de

# « de » then a word that starts with a vowel: French writes « d' » there.
UNELIDED_DE = re.compile(r"\bde\s+[aeiouyàâäéèêëîïôöûüAEIOUYÀÂÄÉÈÊËÎÏÔÖÛÜ]")
TAG = re.compile(r"<[^>]+>")


def unelided(html: str) -> list[str]:
    text = " ".join(TAG.sub(" ", html).split())
    return [text[max(0, m.start() - 30) : m.end() + 20] for m in UNELIDED_DE.finditer(text)]


@pytest.mark.parametrize(
    ("name", "said"),
    [
        ("Élodie", "d'Élodie"),
        ("avril 2026", "d'avril 2026"),
        ("Marc", "de Marc"),
        ("Hugo", "de Hugo"),
    ],
)
def test_de_elides_before_a_vowel_in_french(name, said) -> None:
    with translation.override("fr"):
        assert de(name) == said


def test_de_leaves_the_name_bare_in_english() -> None:
    with translation.override("en"):
        assert de("Élodie") == "Élodie"


@pytest.mark.django_db
def test_pages_about_a_person_whose_name_starts_with_a_vowel_elide_their_de(
    commandeur, signed_in
) -> None:
    person = BeneficiaryFactory(client=commandeur.client, first_name="Élodie", last_name="Anquetil")
    http = signed_in(commandeur)
    pages = [
        reverse("beneficiaries:list"),
        reverse("beneficiaries:detail", args=[person.public_id]),
        reverse("beneficiaries:update", args=[person.public_id]),
        reverse("beneficiaries:delete", args=[person.public_id]),
        reverse("fulfilment:beneficiary_card", args=[person.public_id]),
    ]
    for url in pages:
        response = http.get(url)
        assert response.status_code == 200, url
        assert unelided(response.content.decode()) == [], url
