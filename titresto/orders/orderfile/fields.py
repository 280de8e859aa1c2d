"""One parser per column of the order file: the cell's text in, (value, None) or (None, problem) out.

Pure functions with no query: the validator caches their answers per distinct text, since a
100 000-line file holds a few hundred distinct dates, face values or postcodes.
"""

import datetime as dt
import re
from collections.abc import Mapping
from decimal import Decimal

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from titresto.beneficiaries.validators import (
    AGE_MAX,
    AGE_MIN,
    NAME_MAX,
    PERSON_NAME,
    age_on,
    normalize_person_name,
)
from titresto.clients.models import ADDRESS_LINE_MAX
from titresto.core.money import format_eur
from titresto.orders.orderfile.issues import shown

Problem = tuple[str, str | Promise, Mapping[str, object]]

TITRES_MAX = 31
SHARE_MIN = Decimal(50)
SHARE_MAX = Decimal(60)
EMAIL_MAX = 254
FORMULA_STARTS = ("=", "+", "@")
# In a text column a leading « - » is a formula too; in a number column it is a negative number.
TEXT_FORMULA_STARTS = ("=", "+", "@", "-")

MATRICULE = re.compile(r"[A-Za-z0-9._-]{1,20}")
DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
WHOLE = re.compile(r"\d+")
DECIMAL = re.compile(r"-?\d+[.,]\d+")
# Digits are bounded: a cell can hold thousands, which int() refuses past 4 300 and a Decimal
# cannot quantize past 28. Up to these, a number too big is told as out of range.
AMOUNT = re.compile(r"(-?)(\d{1,7})(?:[.,](\d{1,2}))?")
SHARE = re.compile(r"-?\d{1,7}(?:\.\d{1,4})?")
WHOLE_DIGITS_MAX = 9
POSTCODE = re.compile(r"\d{5}")
EMAIL = re.compile(
    r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
    r"@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}"
)
CIVILITIES = {"M": "M", "M.": "M", "MR": "M", "MR.": "M", "MME": "MME", "MME.": "MME"}


def formula_problem(text: str, *, text_column: bool) -> Problem | None:
    if text.startswith(TEXT_FORMULA_STARTS if text_column else FORMULA_STARTS):
        return ("formula_text", MESSAGES["formula_text"], {"sign": text[0]})
    return None


def parse_matricule(text: str) -> tuple[str | None, Problem | None]:
    if MATRICULE.fullmatch(text):
        return text, None
    return None, ("matricule_format", MESSAGES["matricule_format"], {"value": shown(text)})


def parse_civility(text: str) -> tuple[str | None, Problem | None]:
    civility = CIVILITIES.get(text.upper())
    if civility:
        return civility, None
    return None, ("civilite_format", MESSAGES["civilite_format"], {"value": shown(text)})


def parse_person_name(text: str) -> tuple[str | None, Problem | None]:
    if problem := formula_problem(text, text_column=True):
        return None, problem
    name = normalize_person_name(text)
    if len(name) > NAME_MAX:
        return None, ("name_too_long", MESSAGES["name_too_long"], {"count": len(name)})
    if not PERSON_NAME.fullmatch(name):
        return None, ("name_format", MESSAGES["name_format"], {"value": shown(text)})
    return name, None


def parse_birth_date(text: str, *, load_date: dt.date) -> tuple[dt.date | None, Problem | None]:
    if problem := formula_problem(text, text_column=False):
        return None, problem
    match = DATE.fullmatch(text)
    if not match:
        return None, ("date_format", MESSAGES["date_format"], {"value": shown(text)})
    day, month, year = (int(part) for part in match.groups())
    try:
        born = dt.date(year, month, day)
    except ValueError:
        return None, ("date_impossible", MESSAGES["date_impossible"], {"value": text})
    age = age_on(born, load_date)
    if not AGE_MIN <= age <= AGE_MAX:
        return None, ("birth_date_age", MESSAGES["birth_date_age"], {"age": age})
    return born, None


def parse_email(text: str) -> tuple[str | None, Problem | None]:
    if problem := formula_problem(text, text_column=True):
        return None, problem
    if len(text) <= EMAIL_MAX and EMAIL.fullmatch(text):
        return text, None
    return None, ("email_format", MESSAGES["email_format"], {"value": shown(text)})


def parse_titres(text: str) -> tuple[int | None, Problem | None]:
    if problem := formula_problem(text, text_column=False):
        return None, problem
    if WHOLE.fullmatch(text):
        count = int(text) if len(text) <= WHOLE_DIGITS_MAX else TITRES_MAX + 1
        if count <= TITRES_MAX:
            return count, None
        return None, ("titres_range", MESSAGES["titres_range"], {"value": shown(text)})
    if DECIMAL.fullmatch(text):
        return None, ("titres_decimal", MESSAGES["titres_decimal"], {"value": shown(text)})
    if text.startswith("-") and WHOLE.fullmatch(text[1:]):
        return None, ("titres_range", MESSAGES["titres_range"], {"value": shown(text)})
    return None, ("titres_format", MESSAGES["titres_format"], {"value": shown(text)})


def parse_face_value(
    text: str, *, low_cents: int, high_cents: int
) -> tuple[int | None, Problem | None]:
    if problem := formula_problem(text, text_column=False):
        return None, problem
    match = AMOUNT.fullmatch(text.replace("€", "").replace(" ", "").replace("\xa0", ""))
    if not match:
        return None, ("face_value_format", MESSAGES["face_value_format"], {"value": shown(text)})
    sign, euros, cents = match.groups()
    amount = int(euros) * 100 + int((cents or "0").ljust(2, "0"))
    if sign:
        amount = -amount
    if low_cents <= amount <= high_cents:
        return amount, None
    params = {
        "value": format_eur(amount),
        "low": format_eur(low_cents),
        "high": format_eur(high_cents),
    }
    return None, ("face_value_range", MESSAGES["face_value_range"], params)


def parse_share(text: str) -> tuple[Decimal | None, Problem | None]:
    if problem := formula_problem(text, text_column=False):
        return None, problem
    cleaned = text.replace("%", "").replace(" ", "").replace("\xa0", "").replace(",", ".")
    if not SHARE.fullmatch(cleaned):
        return None, ("share_format", MESSAGES["share_format"], {"value": shown(text)})
    share = Decimal(cleaned)
    if Decimal("0.5") <= share <= Decimal("0.6"):
        share *= 100  # a cell formatted as a percentage in Excel holds 0.55 for 55 %
    if share != share.quantize(Decimal("0.01")):
        return None, ("share_format", MESSAGES["share_format"], {"value": shown(text)})
    if SHARE_MIN <= share <= SHARE_MAX:
        return share.quantize(Decimal("0.01")), None
    return None, ("share_range", MESSAGES["share_range"], {"value": shown(text)})


def parse_address_line(text: str) -> tuple[str | None, Problem | None]:
    if problem := formula_problem(text, text_column=True):
        return None, problem
    if len(text) > ADDRESS_LINE_MAX:
        return None, ("address_too_long", MESSAGES["address_too_long"], {"count": len(text)})
    return text, None


def parse_postcode(text: str) -> tuple[str | None, Problem | None]:
    if problem := formula_problem(text, text_column=False):
        return None, problem
    if POSTCODE.fullmatch(text):
        return text, None
    if re.fullmatch(r"\d{4}", text):
        return None, ("postcode_format", MESSAGES["postcode_lost_zero"], {"value": text})
    return None, ("postcode_format", MESSAGES["postcode_format"], {"value": shown(text)})


MESSAGES: dict[str, str | Promise] = {
    "formula_text": _(
        "Cette cellule commence par « %(sign)s » : un tableur l'exécuterait comme une formule. "
        "Retirez ce signe du début de la cellule."
    ),
    "matricule_format": _(
        "Le matricule « %(value)s » n'est pas valide : 1 à 20 caractères parmi les lettres sans "
        "accent, les chiffres, « - », « _ » et « . », sans espace (ex. EMP-0042)."
    ),
    "civilite_format": _("La civilité « %(value)s » n'est pas reconnue : indiquez M ou MME."),
    "name_too_long": _(
        "Ce nom compte %(count)s caractères : 38 au plus tiennent sur la carte. Abrégez-le "
        "(ex. un seul des prénoms)."
    ),
    "name_format": _(
        "« %(value)s » n'est pas un nom valide : uniquement des lettres (accents compris), des "
        "espaces, des traits d'union et des apostrophes (ex. Le Gall-Dupré, N'Diaye)."
    ),
    "date_format": _(
        "La date « %(value)s » n'est pas au format JJ/MM/AAAA : écrivez-la par exemple 05/03/1990."
    ),
    "date_impossible": _(
        "Le %(value)s n'existe pas : vérifiez le jour et le mois (format JJ/MM/AAAA)."
    ),
    "birth_date_age": _(
        "Cette date de naissance donne un âge de %(age)s ans à la date du chargement : un "
        "bénéficiaire a entre 14 et 100 ans. Vérifiez l'année (format JJ/MM/AAAA)."
    ),
    "email_format": _(
        "L'adresse e-mail « %(value)s » n'est pas valide : corrigez-la (ex. prenom.nom@exemple.fr) "
        "ou laissez la cellule vide."
    ),
    "titres_range": _(
        "Le nombre de titres « %(value)s » doit être un nombre entier de 0 à 31 (0 = carte seule)."
    ),
    "titres_decimal": _(
        "Le nombre de titres « %(value)s » a des décimales : indiquez un nombre entier de 0 à 31 "
        "(un titre par jour travaillé avec un repas)."
    ),
    "titres_format": _(
        "« %(value)s » n'est pas un nombre de titres : indiquez un nombre entier de 0 à 31."
    ),
    "face_value_format": _(
        "La valeur faciale « %(value)s » n'est pas un montant en euros : écrivez-la par exemple "
        "9,50 (deux décimales au plus), ou laissez la cellule vide pour celle du contrat."
    ),
    "face_value_range": _(
        "La valeur faciale de %(value)s sort de votre contrat : choisissez un montant entre "
        "%(low)s et %(high)s, ou laissez la cellule vide pour celle du contrat."
    ),
    "share_format": _(
        "La part patronale « %(value)s » n'est pas un pourcentage : écrivez par exemple 60, ou "
        "laissez la cellule vide pour celle du contrat."
    ),
    "share_range": _(
        "La part patronale « %(value)s » doit être comprise entre 50 et 60 %% de la valeur faciale "
        "pour être exonérée : indiquez un pourcentage dans cet intervalle."
    ),
    "address_too_long": _(
        "Cette ligne d'adresse compte %(count)s caractères : 38 au plus tiennent sur l'étiquette. "
        "Reportez la suite sur adresse_2."
    ),
    "postcode_format": _("Le code postal « %(value)s » doit compter 5 chiffres (ex. 75008)."),
    "postcode_lost_zero": _(
        "Le code postal « %(value)s » n'a que 4 chiffres : Excel a sans doute retiré son zéro "
        "initial. Mettez la colonne au format Texte et écrivez-le sur 5 chiffres (ex. 01000)."
    ),
}
