"""The list's export as files a spreadsheet opens safely, written and sent as the rows come.

Any cell that a spreadsheet would run as a formula (it starts with = + - @, a tab or a carriage
return) gets a leading apostrophe: a name like « =HYPERLINK(…) » is shown, never executed.

The XLSX is written here rather than with openpyxl: openpyxl's write-only mode needs ~12 s for
100 000 rows × 14 columns on our machines (the target is 10 s for the whole export), while a
sheet of inline strings streamed through zipfile takes ~2 s and never holds the file in memory.
"""

import csv
import io
import re
import zipfile
from collections.abc import Iterable, Iterator
from xml.sax.saxutils import escape

# The export is a ready-to-fill order file: the order file's own columns in its template's
# order (`nombre_titres` left for the manager to fill, face value and share empty for the
# contract's defaults), then what only the export tells, which the order file reads past
# (`orders.orderfile.columns` ignores EXPORT_ONLY_COLUMNS). A test holds the two lists together.
EXPORT_ONLY_COLUMNS = ("telephone", "statut", "date_depart")
EXPORT_HEADER = [
    "matricule",
    "civilite",
    "nom",
    "prenom",
    "date_naissance",
    "email",
    "nombre_titres",
    "valeur_faciale",
    "part_patronale",
    "point_livraison",
    "adresse_1",
    "adresse_2",
    "code_postal",
    "ville",
    *EXPORT_ONLY_COLUMNS,
]
# Characters wide, for the XLSX's columns (a date 10, a name up to 38).
EXPORT_WIDTHS = [12, 9, 24, 20, 15, 30, 14, 14, 14, 16, 30, 24, 12, 22, 16, 12, 12]
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
BATCH = 500


def defuse(value: str) -> str:
    return "'" + value if value.startswith(FORMULA_STARTS) else value


class _Line:
    """csv.writer writes into this; we hand each line on instead of keeping it."""

    def write(self, text: str) -> str:
        return text


def csv_chunks(rows: Iterable[list[str]]) -> Iterator[bytes]:
    """UTF-8 with BOM and « ; » — what French Excel opens without an import wizard."""
    writer = csv.writer(_Line(), delimiter=";", lineterminator="\r\n")
    yield "\ufeff".encode()
    batch: list[str] = []
    for row in rows:
        batch.append(writer.writerow([defuse(cell) for cell in row]))
        if len(batch) >= BATCH:
            yield "".join(batch).encode()
            batch = []
    if batch:
        yield "".join(batch).encode()


class _Pipe(io.RawIOBase):
    """A write-only, non-seekable file: zipfile writes into it, the response takes what is there."""

    def __init__(self) -> None:
        self.buffer = bytearray()

    def writable(self) -> bool:
        return True

    def write(self, data: bytes) -> int:  # type: ignore[override]
        self.buffer += data
        return len(data)

    def take(self) -> bytes:
        data = bytes(self.buffer)
        self.buffer.clear()
        return data


NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
OFFICE_DOC = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
WORKSHEET = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"
STYLES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles"
CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml"


def _sheet_name(sheet_title: str) -> str:
    return escape(NOT_XML.sub("", sheet_title)[:31], {'"': "&quot;"})


def _workbook(sheet_title: str, filter_ref: str | None) -> str:
    """The workbook part; the autofilter's range is also a defined name, which Excel reads."""
    name = _sheet_name(sheet_title)
    names = ""
    if filter_ref:
        quoted = name.replace("'", "''")
        names = (
            '<definedNames><definedName name="_xlnm._FilterDatabase" localSheetId="0" hidden="1">'
            f"'{quoted}'!{filter_ref}</definedName></definedNames>"
        )
    return (
        f'{XML_HEAD}<workbook xmlns="{MAIN}" xmlns:r="{RELS}"><sheets>'
        f'<sheet name="{name}" sheetId="1" r:id="rId1"/></sheets>{names}</workbook>'
    )


def _package_parts() -> dict[str, str]:
    return {
        "[Content_Types].xml": (
            f'{XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{CONTENT_TYPE}.sheet.main+xml"/>'
            f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{CONTENT_TYPE}.worksheet+xml"/>'
            f'<Override PartName="/xl/styles.xml" ContentType="{CONTENT_TYPE}.styles+xml"/>'
            "</Types>"
        ),
        "_rels/.rels": (
            f'{XML_HEAD}<Relationships xmlns="{PACKAGE_RELS}">'
            f'<Relationship Id="rId1" Type="{OFFICE_DOC}" Target="xl/workbook.xml"/>'
            "</Relationships>"
        ),
        "xl/_rels/workbook.xml.rels": (
            f'{XML_HEAD}<Relationships xmlns="{PACKAGE_RELS}">'
            f'<Relationship Id="rId1" Type="{WORKSHEET}" Target="worksheets/sheet1.xml"/>'
            f'<Relationship Id="rId2" Type="{STYLES}" Target="styles.xml"/>'
            "</Relationships>"
        ),
        "xl/styles.xml": (
            f'{XML_HEAD}<styleSheet xmlns="{MAIN}">'
            '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>'
            '<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>'
            '<fills count="2"><fill><patternFill patternType="none"/></fill>'
            '<fill><patternFill patternType="gray125"/></fill></fills>'
            '<borders count="1"><border/></borders>'
            '<cellStyleXfs count="1"><xf/></cellStyleXfs>'
            '<cellXfs count="2"><xf xfId="0"/><xf xfId="0" fontId="1" applyFont="1"/></cellXfs>'
            '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
            "</styleSheet>"
        ),
    }


def _column(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def _row(number: int, values: list[str], style: str = "") -> str:
    cells = [
        f'<c r="{_column(index)}{number}"{style} t="inlineStr"><is><t xml:space="preserve">'
        f"{escape(NOT_XML.sub('', defuse(value)))}</t></is></c>"
        for index, value in enumerate(values)
        if value
    ]
    return f'<row r="{number}">{"".join(cells)}</row>'


def _sheet_head(header: list[str], widths: list[int] | None) -> str:
    """The first row frozen (it stays while scrolling), then each column's width."""
    wanted = widths or [max(len(name) + 2, 12) for name in header]
    columns = "".join(
        f'<col min="{index}" max="{index}" width="{width}" customWidth="1"/>'
        for index, width in enumerate(wanted, start=1)
    )
    return (
        f'{XML_HEAD}<worksheet xmlns="{MAIN}"><sheetViews><sheetView workbookViewId="0">'
        '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
        '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>'
        + (f"<cols>{columns}</cols>" if columns else "")
        + "<sheetData>"
    )


def xlsx_chunks(
    rows: Iterable[list[str]], *, sheet_title: str, widths: list[int] | None = None
) -> Iterator[bytes]:
    """One sheet of text cells (matricules and postcodes keep their leading zeros); the first
    row is the header: bold, frozen, with an autofilter over the whole table."""
    pipe = _Pipe()
    iterator = iter(rows)
    header = next(iterator, None)
    filter_ref = None
    with zipfile.ZipFile(pipe, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as package:
        for name, content in _package_parts().items():
            package.writestr(name, content)
        with package.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(_sheet_head(header or [], widths).encode())
            batch: list[str] = []
            last = 0
            if header:
                batch.append(_row(1, header, ' s="1"'))
                last = 1
            for number, row in enumerate(iterator, start=2):
                batch.append(_row(number, row))
                last = number
                if len(batch) >= BATCH:
                    sheet.write("".join(batch).encode())
                    batch = []
                    yield pipe.take()
            if header:
                filter_ref = f"A1:{_column(len(header) - 1)}{last}"
            tail = f'<autoFilter ref="{filter_ref}"/>' if filter_ref else ""
            sheet.write(("".join(batch) + f"</sheetData>{tail}</worksheet>").encode())
        # Written last, once the rows are counted: a zip's members may come in any order.
        package.writestr("xl/workbook.xml", _workbook(sheet_title, filter_ref))
    yield pipe.take()
