"""The blank templates read back through the project's own reader and validator."""

import io
import re
import zipfile
from xml.etree import ElementTree

from python_calamine import CalamineWorkbook

from titresto.orders.orderfile.columns import COLUMNS
from titresto.orders.orderfile.issues import IssueLog
from titresto.orders.orderfile.reader import read_order_file
from titresto.orders.orderfile.report import ShipsTo
from titresto.orders.orderfile.template import template_csv, template_xlsx
from titresto.orders.tests.orderfile_helpers import codes, validate, xlsx_bytes

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
BUILT_IN_TEXT_FORMAT = "49"  # the OOXML spec's built-in « @ », which Excel itself writes


def _columns_read(data: bytes, filename: str) -> tuple[dict[str, int], IssueLog]:
    log = IssueLog()
    table = read_order_file(data, filename, log)
    assert table is not None
    return table.positions, log


def _sheet_rows(data: bytes, name: str) -> list[list[object]]:
    return CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_name(name).to_python()


def test_the_csv_template_is_the_header_in_template_order_with_a_bom(tenant):
    data = template_csv()

    positions, log = _columns_read(data, "modele.csv")
    report = validate(data, tenant, filename="modele.csv")

    assert data.startswith(b"\xef\xbb\xbf") and data.endswith(b"ville\r\n")
    assert positions == {name: index for index, name in enumerate(COLUMNS)}
    assert log.errors == [] and log.warnings == []
    assert codes(report) == [(2, None, "no_lines")]  # only the header: nothing to order yet


def test_the_xlsx_template_reads_its_first_sheet_and_reports_no_other(tenant):
    data = template_xlsx()

    positions, log = _columns_read(data, "modele.xlsx")
    report = validate(data, tenant, filename="modele.xlsx")

    assert positions == {name: index for index, name in enumerate(COLUMNS)}
    assert log.errors == [] and log.warnings == []
    assert codes(report) == [(2, None, "no_lines")]
    assert report.warnings == []  # « Mode d'emploi » and « Exemple » are the template's own


def test_the_example_line_is_valid_for_a_client_with_the_point_siege(tenant):
    rows = _sheet_rows(template_xlsx(), "Exemple")

    report = validate(xlsx_bytes(rows), tenant, filename="exemple.xlsx")

    assert rows[0] == list(COLUMNS) and len(rows) == 2
    assert codes(report) == [] and report.warnings == []
    (new_beneficiary,) = report.new_beneficiaries
    assert new_beneficiary.destination.ships_to is ShipsTo.POINT


def _xml(text: bytes) -> ElementTree.Element:
    return ElementTree.fromstring(text)  # noqa: S314 — our own template's bytes, not an upload


def _column_number_formats(data: bytes, sheet_path: str) -> dict[int, str]:
    """The number format code of each column's default style, by column index (0 = A)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheet, styles = (_xml(archive.read(path)) for path in (sheet_path, "xl/styles.xml"))
    codes_by_id = {BUILT_IN_TEXT_FORMAT: "@"} | {
        number_format.get("numFmtId"): number_format.get("formatCode")
        for number_format in styles.iter(f"{MAIN}numFmt")
    }
    cell_formats = styles.findall(f"{MAIN}cellXfs/{MAIN}xf")
    formats = {}
    for column in sheet.iter(f"{MAIN}col"):
        format_id = cell_formats[int(column.get("style", 0))].get("numFmtId")
        for index in range(int(column.get("min")) - 1, int(column.get("max"))):
            formats[index] = codes_by_id.get(format_id, "General")
    return formats


def test_the_order_sheet_types_the_code_and_name_columns_as_text():
    formats = _column_number_formats(template_xlsx(), "xl/worksheets/sheet1.xml")

    text_columns = {name for index, name in enumerate(COLUMNS) if formats.get(index) == "@"}

    assert {"matricule", "code_postal", "date_naissance", "point_livraison"} <= text_columns
    assert text_columns == set(COLUMNS) - {"nombre_titres", "valeur_faciale", "part_patronale"}


def test_the_instructions_describe_every_column():
    rows = _sheet_rows(template_xlsx(), "Mode d'emploi")

    top = next(index for index, row in enumerate(rows) if row[0] == "Colonne")
    described = rows[top + 1 : top + 1 + len(COLUMNS)]

    assert [row[0] for row in described] == list(COLUMNS)
    assert all(re.search(r"\w", str(cell)) for row in described for cell in row[1:4])
    assert len(rows) == top + 1 + len(COLUMNS)  # no row describes a column the file lacks
