"""The rules of DOMAIN.md's order file for a person, shared by the forms and the services."""

import datetime as dt
import re
import unicodedata
from typing import Protocol

from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from titresto.core.french import de

MATRICULE_MAX = 20
NAME_MAX = 38
AGE_MIN = 14
AGE_MAX = 100


def validate_matricule(value: str) -> None:
    if not re.fullmatch(rf"[A-Za-z0-9._-]{{1,{MATRICULE_MAX}}}", value or ""):
        raise ValidationError(
            gettext_lazy(
                "Le matricule compte 1 à 20 caractères parmi les lettres sans accent, les "
                "chiffres, « - », « _ » et « . », sans espace (ex. EMP-0042)."
            ),
            code="matricule_format",
        )


# Letters of any alphabet (accents included), in words joined by a space, a hyphen or an apostrophe.
PERSON_NAME = re.compile(r"[^\W\d_]+(?:[ '-]+[^\W\d_]+)*")


def normalize_person_name(value: str) -> str:
    return " ".join(unicodedata.normalize("NFC", value or "").replace("’", "'").split())


def validate_person_name(value: str) -> None:
    if not PERSON_NAME.fullmatch(value or ""):
        raise ValidationError(
            gettext_lazy(
                "Saisissez uniquement des lettres (accents compris), des espaces, des traits "
                "d'union et des apostrophes (ex. Le Gall-Dupré, N'Diaye)."
            ),
            code="person_name_format",
        )


def age_on(birth_date: dt.date, today: dt.date) -> int:
    had_birthday = (today.month, today.day) >= (birth_date.month, birth_date.day)
    return today.year - birth_date.year - (0 if had_birthday else 1)


def check_birth_date(birth_date: dt.date, *, today: dt.date) -> None:
    age = age_on(birth_date, today)
    if not AGE_MIN <= age <= AGE_MAX:
        raise ValidationError(
            _(
                "Cette date de naissance donne un âge de %(age)s ans : un bénéficiaire a entre "
                "14 et 100 ans. Vérifiez la date (format JJ/MM/AAAA)."
            )
            % {"age": age},
            code="birth_date_age",
        )


def check_departure_date(departure_date: dt.date, *, birth_date: dt.date, today: dt.date) -> None:
    if departure_date > today:
        raise ValidationError(
            _(
                "La date de départ ne peut pas être dans le futur : enregistrez le départ le jour "
                "venu, ou indiquez une date passée."
            ),
            code="departure_date_future",
        )
    if departure_date <= birth_date:
        raise ValidationError(
            _("La date de départ précède la date de naissance : vérifiez la date."),
            code="departure_date_before_birth",
        )


# Where the card ships: a delivery point, or else the person's home; never both.
HOME_FIELDS = ("home_address_line1", "home_address_line2", "home_postcode", "home_city")
HOME_REQUIRED = ("home_address_line1", "home_postcode", "home_city")
POINT_AND_HOME = gettext_lazy(
    "Choisissez soit un point de livraison, soit une adresse personnelle, pas les deux : "
    "videz l'un des deux."
)


def ships_to_both(*, has_point: bool, home: dict[str, str]) -> bool:
    return has_point and any(home.get(name) for name in HOME_FIELDS)


def missing_home_fields(*, has_point: bool, home: dict[str, str]) -> list[str]:
    """The home address lines still to fill in when the card has no delivery point."""
    return [] if has_point else [name for name in HOME_REQUIRED if not home.get(name)]


class HoldsMatricule(Protocol):
    matricule: str
    first_name: str
    last_name: str
    birth_date: dt.date


def matricule_taken_message(holder: HoldsMatricule) -> str:
    """Names the holder, so the manager can tell a typo from a person already on file."""
    return _(
        "Le matricule %(matricule)s est déjà celui %(de_name)s, né(e) le %(birth)s : "
        "vérifiez le matricule, ou modifiez la fiche existante."
    ) % {
        "matricule": holder.matricule,
        "de_name": de(f"{holder.first_name} {holder.last_name.upper()}"),
        "birth": date_format(holder.birth_date, "SHORT_DATE_FORMAT"),
    }
