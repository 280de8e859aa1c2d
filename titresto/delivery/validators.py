"""Checks shared by the delivery points and, above them, the beneficiaries."""

import re
from typing import Protocol

from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

DELIVERY_POINT_CODE_MAX = 20
PHONE_MAX = 20


def normalize_code(value: str) -> str:
    return (value or "").strip().upper()


def validate_delivery_point_code(value: str) -> None:
    if not re.fullmatch(rf"[A-Z0-9_-]{{1,{DELIVERY_POINT_CODE_MAX}}}", value or ""):
        raise ValidationError(
            _(
                "Le code compte 1 à 20 caractères parmi les lettres A-Z, les chiffres, « - » "
                "et « _ », sans espace ni accent (ex. SIEGE, ENTREPOT_LYON)."
            ),
            code="delivery_point_code_format",
        )


def validate_phone(value: str) -> None:
    digits = re.sub(r"\D", "", value or "")
    if not re.fullmatch(r"\+?[0-9 .()-]+", value or "") or not 9 <= len(digits) <= 15:
        raise ValidationError(
            _(
                "Saisissez un numéro de téléphone de 9 à 15 chiffres ; espaces, points, tirets et "
                "parenthèses sont acceptés (ex. 01 23 45 67 89 ou +33 1 23 45 67 89)."
            ),
            code="phone_format",
        )


class HoldsCode(Protocol):
    code: str
    name: str


def code_taken_message(holder: HoldsCode) -> str:
    return gettext(
        "Le code %(code)s est déjà celui du point de livraison « %(name)s » : "
        "choisissez un autre code."
    ) % {"code": holder.code, "name": holder.name}
