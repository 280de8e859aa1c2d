"""Builds order files in memory (CSV in any encoding, XLSX with XlsxWriter) and validates them."""

import datetime as dt
import io

import xlsxwriter

from titresto.clients.services import ContractTerms
from titresto.orders.orderfile.columns import COLUMNS
from titresto.orders.orderfile.validation import validate_order_file

LOAD_DATE = dt.date(2026, 12, 1)
CAP_2026_CENTS = 732
TERMS = ContractTerms(
    face_value_min_cents=600,
    face_value_max_cents=1500,
    face_value_default_cents=1000,
)


def new_person(matricule: str = "N0001", **overrides: str) -> dict[str, str]:
    """A valid line for a person the client does not have yet, shipped to point SIEGE."""
    line = {
        "matricule": matricule,
        "civilite": "MME",
        "nom": "Le Gall-Dupré",
        "prenom": "Élodie",
        "date_naissance": "14/07/1985",
        "email": "elodie.legall@exemple.fr",
        "nombre_titres": "20",
        "valeur_faciale": "",
        "part_patronale": "",
        "point_livraison": "SIEGE",
        "adresse_1": "",
        "adresse_2": "",
        "code_postal": "",
        "ville": "",
    }
    line.update(overrides)
    return line


def csv_text(lines: list[dict[str, str]], header: list[str] | None = None, sep: str = ";") -> str:
    header = header or list(COLUMNS)
    rows = [sep.join(header)]
    rows += [sep.join(line.get(name, "") for name in header) for line in lines]
    return "\r\n".join(rows) + "\r\n"


def csv_bytes(
    lines: list[dict[str, str]],
    header: list[str] | None = None,
    *,
    encoding: str = "utf-8-sig",
    sep: str = ";",
) -> bytes:
    return csv_text(lines, header, sep).encode(encoding)


def xlsx_bytes(rows: list[list[object]], *, extra_sheets: tuple[str, ...] = ()) -> bytes:
    """A workbook whose first sheet holds `rows` as typed cells (str, int, float, date)."""
    out = io.BytesIO()
    workbook = xlsxwriter.Workbook(out, {"in_memory": True})
    sheet = workbook.add_worksheet("Commande")
    date_format = workbook.add_format({"num_format": "dd/mm/yyyy"})
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if isinstance(value, dt.date):
                sheet.write_datetime(r, c, dt.datetime.combine(value, dt.time()), date_format)
            elif isinstance(value, tuple):  # (formula, the value Excel computed)
                sheet.write_formula(r, c, value[0], None, value[1])
            elif isinstance(value, str):
                sheet.write_string(r, c, value)
            elif value is not None:
                sheet.write_number(r, c, value)
    for name in extra_sheets:
        workbook.add_worksheet(name).write_string(0, 0, "autre chose")
    workbook.close()
    return out.getvalue()


def validate(
    data: bytes, client, *, filename: str = "commande.csv", terms=TERMS, cap=CAP_2026_CENTS
):
    return validate_order_file(
        data=data,
        filename=filename,
        client=client,
        terms=terms,
        exemption_cap_cents=cap,
        load_date=LOAD_DATE,
    )


def codes(report) -> list[tuple[int | None, str | None, str]]:
    return [(issue.line, issue.column, issue.code) for issue in report.errors]


def warning_codes(report) -> list[tuple[int | None, str | None, str]]:
    return [(issue.line, issue.column, issue.code) for issue in report.warnings]
