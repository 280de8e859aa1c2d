"""Checks on French company identifiers."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# La Poste's establishments use another key rule than Luhn (INSEE): the digits sum to a multiple of 5.
LA_POSTE_SIREN = "356000000"


def luhn_is_valid(digits: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def normalize_siret(value: str) -> str:
    return re.sub(r"[\s.\-]", "", value or "")


def validate_siret(value: str) -> None:
    siret = normalize_siret(value)
    if not re.fullmatch(r"\d{14}", siret):
        raise ValidationError(
            _("Le SIRET compte 14 chiffres (ex. 123 456 789 00012) : vérifiez la saisie."),
            code="siret_format",
        )
    if siret.startswith(LA_POSTE_SIREN) and siret != LA_POSTE_SIREN + "00000":
        key_ok = sum(int(c) for c in siret) % 5 == 0
    else:
        key_ok = luhn_is_valid(siret)
    if not key_ok or not luhn_is_valid(siret[:9]):
        raise ValidationError(
            _(
                "Ce SIRET n'est pas valide : sa clé de contrôle ne correspond pas. "
                "Recopiez-le depuis un extrait Kbis ou l'avis de situation INSEE."
            ),
            code="siret_key",
        )


def vat_number_for_siren(siren: str) -> str:
    """The French intra-EU VAT number derived from a SIREN: FR + key + SIREN."""
    key = (12 + 3 * (int(siren) % 97)) % 97
    return f"FR{key:02d}{siren}"


def validate_postcode(value: str) -> None:
    if not re.fullmatch(r"\d{5}", value or ""):
        raise ValidationError(
            _("Le code postal compte 5 chiffres (ex. 75008)."), code="postcode_format"
        )
