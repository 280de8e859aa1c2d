import pytest
from django.core.exceptions import ValidationError

from titresto.clients.validators import luhn_is_valid, validate_siret, vat_number_for_siren


@pytest.mark.parametrize("siret", ["73282932000074", "732 829 320 00074", "732.829.320-00074"])
def test_a_siret_with_a_right_key_passes_whatever_its_separators(siret: str) -> None:
    validate_siret(siret)


def test_a_siret_with_a_wrong_key_is_refused_with_a_french_explanation() -> None:
    with pytest.raises(ValidationError) as refused:
        validate_siret("73282932000075")

    assert refused.value.code == "siret_key"
    assert "clé de contrôle" in refused.value.messages[0]


@pytest.mark.parametrize("siret", ["7328293200007", "7328293200007A", ""])
def test_a_siret_that_is_not_14_digits_is_refused(siret: str) -> None:
    with pytest.raises(ValidationError) as refused:
        validate_siret(siret)

    assert refused.value.code == "siret_format"


def test_la_poste_establishments_follow_their_own_key_rule() -> None:
    la_poste_siret = "35600000049837"  # digits sum to a multiple of 5; fails Luhn

    validate_siret(la_poste_siret)

    assert not luhn_is_valid(la_poste_siret)


def test_a_la_poste_siret_breaking_its_rule_is_refused() -> None:
    with pytest.raises(ValidationError):
        validate_siret("35600000049838")


def test_the_vat_number_is_derived_from_the_siren() -> None:
    assert vat_number_for_siren("732829320") == "FR44732829320"
