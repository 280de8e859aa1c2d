"""The blank order file a manager downloads (« Télécharger un modèle vierge »), as CSV or XLSX.

    template_csv()   the header alone, « ; » separated, UTF-8 with a BOM
    template_xlsx()  sheets « Commande » (the header; read on upload), « Mode d'emploi » (every
                     column: required or not, format, use) and « Exemple » (one filled line)

The CSV has no example line: a CSV cannot mark a line as an example, and one left in by mistake
would order a real card for a fictitious person, while a header-only upload is refused.
"""

import io
from dataclasses import dataclass

import xlsxwriter
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from titresto.orders.orderfile import columns as col

NUMBER_COLUMNS = (col.NOMBRE_TITRES, col.VALEUR_FACIALE, col.PART_PATRONALE)
# Every other column is typed text in the workbook, so that Excel keeps what is typed: the
# leading zeros of a matricule or a postcode, and a birth date as JJ/MM/AAAA rather than a
# date in the reading machine's own order.
TEXT_COLUMNS = tuple(name for name in col.COLUMNS if name not in NUMBER_COLUMNS)

# A new beneficiary whose card ships to the delivery point SIEGE; face value and employer share
# left empty take the contract's, so the line is valid against any contract with that point.
EXAMPLE_LINE: dict[str, str | int] = {
    col.MATRICULE: "EMP-0042",
    col.CIVILITE: "MME",
    col.NOM: "Martin",
    col.PRENOM: "Élodie",
    col.DATE_NAISSANCE: "14/07/1985",
    col.EMAIL: "elodie.martin@exemple.fr",
    col.NOMBRE_TITRES: 20,
    col.POINT_LIVRAISON: "SIEGE",
}


@dataclass(frozen=True)
class ColumnHelp:
    required: str | Promise
    format: str | Promise
    use: str | Promise


ALWAYS = _("Oui")
NEW_BENEFICIARY = _("Pour un nouveau bénéficiaire")
OPTIONAL = _("Non")
ADDRESS_LINE = _("38 caractères au plus")
PERSON_NAME = _("38 caractères au plus : lettres (accents compris), espace, « - » et « ' »")

# DOMAIN.md « The order file », one entry per column of columns.py.
COLUMN_HELP: dict[str, ColumnHelp] = {
    col.MATRICULE: ColumnHelp(
        ALWAYS,
        _("1 à 20 caractères : lettres sans accent, chiffres, « - », « _ » et « . »"),
        _("Identifie le bénéficiaire dans votre entreprise (ex. EMP-0042)."),
    ),
    col.CIVILITE: ColumnHelp(NEW_BENEFICIARY, _("M ou MME"), _("Civilité du bénéficiaire.")),
    col.NOM: ColumnHelp(
        NEW_BENEFICIARY,
        PERSON_NAME,
        _("Nom du bénéficiaire, imprimé en majuscules sur la carte."),
    ),
    col.PRENOM: ColumnHelp(NEW_BENEFICIARY, PERSON_NAME, _("Prénom du bénéficiaire.")),
    col.DATE_NAISSANCE: ColumnHelp(
        NEW_BENEFICIARY,
        _("JJ/MM/AAAA, âge de 14 à 100 ans"),
        _("Date de naissance du bénéficiaire."),
    ),
    col.EMAIL: ColumnHelp(OPTIONAL, _("Une adresse e-mail"), _("Adresse e-mail du bénéficiaire.")),
    col.NOMBRE_TITRES: ColumnHelp(
        ALWAYS,
        _("Nombre entier de 0 à 31"),
        _("Titres à charger sur cette commande (0 = carte seule)."),
    ),
    col.VALEUR_FACIALE: ColumnHelp(
        OPTIONAL,
        _("Euros, 9,50 ou 9.50, dans la fourchette de votre contrat"),
        _("Valeur d'un titre. Vide : celle de votre contrat."),
    ),
    col.PART_PATRONALE: ColumnHelp(
        OPTIONAL,
        _("Pourcentage de 50 à 60"),
        _("Part de la valeur faciale payée par l'employeur. Vide : celle de votre contrat."),
    ),
    col.POINT_LIVRAISON: ColumnHelp(
        _("Pour une nouvelle carte, sauf si une adresse est indiquée"),
        _("Le code d'un de vos points de livraison"),
        _("Où la carte est envoyée."),
    ),
    col.ADRESSE_1: ColumnHelp(
        OPTIONAL,
        ADDRESS_LINE,
        _("Envoi de la carte au domicile : remplissez adresse_1, code_postal et ville."),
    ),
    col.ADRESSE_2: ColumnHelp(
        OPTIONAL, ADDRESS_LINE, _("Complément d'adresse de l'envoi à domicile (facultatif).")
    ),
    col.CODE_POSTAL: ColumnHelp(
        OPTIONAL, _("5 chiffres (ex. 01000)"), _("Code postal de l'envoi à domicile.")
    ),
    col.VILLE: ColumnHelp(OPTIONAL, ADDRESS_LINE, _("Ville de l'envoi à domicile.")),
}

GUIDE = (
    _(
        "Remplissez la feuille « Commande » : une ligne par bénéficiaire, sous la ligne "
        "d'en-tête. Seule la première feuille du classeur est lue."
    ),
    _("La feuille « Exemple » montre une ligne remplie ; elle n'est pas lue."),
    _(
        "L'ordre des colonnes est libre et vous pouvez retirer les colonnes facultatives ; une "
        "colonne qui ne figure pas ci-dessous est refusée."
    ),
    _(
        "Un bénéficiaire déjà enregistré est désigné par son matricule : sa fiche n'est modifiée "
        "que si vous acceptez les différences présentées avant la validation."
    ),
    _(
        "100 000 lignes et 20 Mo au plus par fichier. En CSV, le séparateur est le "
        "point-virgule et aucune cellule ne peut contenir de « ; »."
    ),
)


def template_csv() -> bytes:
    return (";".join(col.COLUMNS) + "\r\n").encode("utf-8-sig")


def template_xlsx() -> bytes:
    out = io.BytesIO()
    workbook = xlsxwriter.Workbook(out, {"in_memory": True})
    header = workbook.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
    text = workbook.add_format({"num_format": "@"})
    _write_lines_sheet(workbook.add_worksheet(col.ORDER_SHEET), header, text, lines=[])
    _write_instructions(workbook, workbook.add_worksheet(col.INSTRUCTIONS_SHEET))
    _write_lines_sheet(
        workbook.add_worksheet(col.EXAMPLE_SHEET), header, text, lines=[EXAMPLE_LINE]
    )
    workbook.close()
    return out.getvalue()


def _write_lines_sheet(
    sheet: Worksheet, header: Format, text: Format, *, lines: list[dict[str, str | int]]
) -> None:
    for index, name in enumerate(col.COLUMNS):
        typed = text if name in TEXT_COLUMNS else None
        sheet.set_column(index, index, max(len(name) + 4, 14), typed)
        sheet.write_string(0, index, name, header)
        for row, line in enumerate(lines, start=1):
            if name in line:
                sheet.write(row, index, line[name], typed)
    sheet.freeze_panes(1, 0)


def _write_instructions(workbook: xlsxwriter.Workbook, sheet: Worksheet) -> None:
    title = workbook.add_format({"bold": True, "font_size": 14})
    bold = workbook.add_format({"bold": True, "text_wrap": True, "valign": "top", "border": 1})
    cell = workbook.add_format({"text_wrap": True, "valign": "top", "border": 1})
    sheet.set_column(0, 0, 18)
    sheet.set_column(1, 1, 28)
    sheet.set_column(2, 2, 44)
    sheet.set_column(3, 3, 60)
    sheet.write_string(0, 0, str(_("Mode d'emploi du fichier de commande")), title)
    for row, sentence in enumerate(GUIDE, start=2):
        sheet.write_string(row, 0, str(sentence))
    table_top = len(GUIDE) + 3
    headings = (_("Colonne"), _("Obligatoire"), _("Format"), _("Utilisation"))
    for index, heading in enumerate(headings):
        sheet.write_string(table_top, index, str(heading), bold)
    for row, name in enumerate(col.COLUMNS, start=table_top + 1):
        column_help = COLUMN_HELP[name]
        sheet.write_string(row, 0, name, bold)
        described = (column_help.required, column_help.format, column_help.use)
        for index, text in enumerate(described, start=1):
            sheet.write_string(row, index, str(text), cell)
