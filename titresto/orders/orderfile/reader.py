"""Bytes and a file name in, the order file's header and rows out, as text cells.

CSV and XLSX end up in the same shape (rows of stripped strings, dates as JJ/MM/AAAA, numbers as
a person types them) so that one validator serves both. Everything that makes a file unreadable
as a whole is logged at line 1 or at no line, and the table is None: nothing past it is read.
Rows are produced one at a time, so a 100 000-line file is never held twice in memory.
"""

import csv
import datetime as dt
import difflib
import io
import re
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import PurePath

from django.utils.translation import gettext_lazy as _
from python_calamine import CalamineError, CalamineWorkbook, PasswordError

from titresto.orders.orderfile import columns as col
from titresto.orders.orderfile.issues import IssueLog, shown

MAX_BYTES = 20 * 1024 * 1024
MAX_LINES = 100_000
MAX_UNZIPPED_BYTES = 300 * 1024 * 1024  # a 20 MB workbook that unzips past this is a zip bomb

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls, .doc: the Office format before 2007
# Excel wraps a password-protected .xlsx in that old container, as a stream of this name.
ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# A DOS (cp850) or Macintosh file read as Windows-1252: its accented letters come out as signs
# that French text never puts right after a letter (« Lef‚vre », « Zo‚ », « Fran‡ois »), as
# quotes or an ellipsis inside a word (« c“te »), or as a capital Š or Ž between small letters
# (Macintosh « LefŽvre »).
NEVER_AFTER_A_LETTER = "\u201a\u0192\u201e\u2020\u2021\u02c6\u2030\u2039\u203a\u02dc\u2122\u2022"
NEVER_INSIDE_A_WORD = "\u2026\u201c\u201d"
MISREAD_ACCENT = re.compile(
    rf"(?<=[^\W\d_])[{NEVER_AFTER_A_LETTER}]"
    rf"|(?<=\w)[{NEVER_INSIDE_A_WORD}](?=\w)"
    "|(?<=[a-zß-ÿ])[ŠŽ](?=[a-zß-ÿ])"
)


class TooManyLines(Exception):
    """Raised while streaming, at the first data line past MAX_LINES."""


@dataclass
class OrderFileTable:
    """`positions` maps each known column to its index in a row; `names` to its header as
    written (what a message calls it); `rows` yields (Excel line number, cells) for the
    non-blank data lines whose shape is right, and logs the others."""

    kind: str
    positions: dict[str, int]
    names: dict[str, str]
    rows: Iterator[tuple[int, list[str]]] = field(default_factory=lambda: iter(()))
    lines_read: int = 0  # non-blank data lines met so far, well-formed or not


def read_order_file(data: bytes, filename: str, log: IssueLog) -> OrderFileTable | None:
    kind = _kind(data, filename, log)
    if kind in ("xlsx", "zip"):
        # A zip not named .xlsx is read all the same (a renamed workbook is still one); when it
        # is not a workbook, it is not said to bear a workbook's name.
        not_a_workbook = "not_really_xlsx" if kind == "xlsx" else "binary_file"
        return _read_xlsx(data, log, not_a_workbook)
    if kind == "csv":
        return _read_csv(data, log)
    return None


def _kind(data: bytes, filename: str, log: IssueLog) -> str | None:
    suffix = PurePath(filename).suffix.lower()
    if len(data) > MAX_BYTES:
        log.error(
            None, None, "file_too_large", MESSAGES["file_too_large"], {"size": _mo(len(data))}
        )
        return None
    if not data.strip(b" \t\r\n\xef\xbb\xbf"):
        log.error(None, None, "empty_file", MESSAGES["empty_file"])
        return None
    if data.startswith(OLE_MAGIC) and ENCRYPTED_PACKAGE in data:
        log.error(None, None, "protected_xlsx", MESSAGES["protected_xlsx"])
        return None
    if data.startswith(OLE_MAGIC) or suffix == ".xls":
        log.error(None, None, "old_excel_format", MESSAGES["old_excel_format"])
        return None
    if suffix not in (".csv", ".xlsx", ""):
        log.error(
            None, None, "format_not_allowed", MESSAGES["format_not_allowed"], {"suffix": suffix}
        )
        return None
    if data.startswith(ZIP_MAGIC):
        return "xlsx" if suffix == ".xlsx" else "zip"
    if suffix == ".xlsx":
        log.error(None, None, "not_really_xlsx", MESSAGES["not_really_xlsx"])
        return None
    return "csv"


def _mo(size: int) -> str:
    return f"{size / 1024 / 1024:.1f}".replace(".", ",")


# --- CSV ---------------------------------------------------------------------------------------


def _decode(data: bytes, log: IssueLog) -> str | None:
    if data.startswith(UTF16_BOMS) or b"\x00" in data[:4096]:
        code = "utf16_encoding" if _looks_utf16(data) else "binary_file"
        log.error(None, None, code, MESSAGES[code])
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            log.error(None, None, "unknown_encoding", MESSAGES["unknown_encoding"])
            return None
        if misread := MISREAD_ACCENT.search(text):
            params = {"word": shown(_word_around(text, misread.start()))}
            log.error(None, None, "unknown_encoding", MESSAGES["dos_or_mac_encoding"], params)
            return None
    if CONTROL.search(text):
        log.error(None, None, "binary_file", MESSAGES["binary_file"])
        return None
    return text


def _word_around(text: str, index: int) -> str:
    start, end = index, index + 1
    while start > 0 and text[start - 1] not in ";\r\n\t ":
        start -= 1
    while end < len(text) and text[end] not in ";\r\n\t ":
        end += 1
    return text[start:end]


def _looks_utf16(data: bytes) -> bool:
    sample = data[:4096]
    return sample.startswith(UTF16_BOMS) or sample[1::2].count(0) > len(sample) // 4


def _read_csv(data: bytes, log: IssueLog) -> OrderFileTable | None:
    text = _decode(data, log)
    if text is None:
        return None
    first_line = text.lstrip("\r\n").split("\n", 1)[0]
    if ";" not in first_line:
        found = "\t" if "\t" in first_line else "," if "," in first_line else None
        if found is not None:
            template = MESSAGES["tab_separator" if found == "\t" else "comma_separator"]
            log.error(1, None, "wrong_separator", template)
            return None
    records = csv.reader(io.StringIO(text, newline=""), delimiter=";", strict=False)
    try:
        header_line, header = _first_non_blank(enumerate(records, start=1))
    except (StopIteration, csv.Error):
        log.error(None, None, "empty_file", MESSAGES["empty_file"])
        return None
    shape = _header(header, header_line, log)
    if shape is None:
        return None
    positions, names, width = shape
    # Excel quotes a cell only when it holds « ; », « " » or a line break: no quote, no check.
    check_semicolons = '"' in text
    table = OrderFileTable(kind="csv", positions=positions, names=names)
    table.rows = _csv_rows(table, records, header_line, width, check_semicolons, log)
    return table


def _first_non_blank(numbered: Iterator[tuple[int, list[str]]]) -> tuple[int, list[str]]:
    for number, cells in numbered:
        if any(cell.strip() for cell in cells):
            return number, cells
    raise StopIteration


def _csv_rows(
    table: OrderFileTable,
    records: Iterator[list[str]],
    header_line: int,
    width: int,
    check_semicolons: bool,
    log: IssueLog,
) -> Iterator[tuple[int, list[str]]]:
    by_position = {index: table.names[name] for name, index in table.positions.items()}
    line = header_line
    while True:
        line += 1
        try:
            raw = next(records)
        except StopIteration:
            return
        except csv.Error:
            raw = None
        if raw is not None and not any(cell.strip() for cell in raw):
            continue
        table.lines_read += 1
        if table.lines_read > MAX_LINES:
            raise TooManyLines
        if raw is None:
            log.error(line, None, "malformed_line", MESSAGES["malformed_line"])
            continue
        cells = [cell.strip() for cell in raw]
        if check_semicolons and any(";" in cell for cell in cells):
            index = next(i for i, cell in enumerate(cells) if ";" in cell)
            column = by_position.get(index)
            if "\n" in cells[index]:
                # A quote left open swallows the next lines, separators and all, into one cell.
                log.error(line, column, "malformed_line", MESSAGES["malformed_line"])
            else:
                log.error(line, column, "semicolon_in_field", MESSAGES["semicolon_in_field"])
            continue
        fitted = _fitted(cells, width, line, log)
        if fitted is not None:
            yield line, fitted


def _fitted(cells: list[str], width: int, line: int, log: IssueLog) -> list[str] | None:
    """The row cut to the header's width; None (and logged) when it has too many or too few."""
    if len(cells) == width:
        return cells
    params = {"found": len(cells), "expected": width}
    if len(cells) < width:
        log.error(line, None, "too_few_fields", MESSAGES["too_few_fields"], params)
        return None
    if any(cells[width:]):
        log.error(line, None, "too_many_fields", MESSAGES["too_many_fields"], params)
        return None
    return cells[:width]  # empty cells past the last column: what Excel leaves after a deletion


# --- header ------------------------------------------------------------------------------------


def _header(
    cells: list[str], line: int, log: IssueLog
) -> tuple[dict[str, int], dict[str, str], int] | None:
    header = [cell.strip() for cell in cells]
    while header and not header[-1]:
        header.pop()
    positions: dict[str, int] = {}
    names: dict[str, str] = {}
    ok = True
    for index, written in enumerate(header):
        if not written:
            log.error(
                line, None, "unnamed_column", MESSAGES["unnamed_column"], {"letter": _letter(index)}
            )
            ok = False
            continue
        key = col.header_key(written)
        if key in col.IGNORED:
            continue
        name = col.KNOWN.get(key)
        if name is None:
            _unknown_column(written, line, log)
            ok = False
        elif name in positions:
            params = {"name": written, "first": _letter(positions[name]), "second": _letter(index)}
            log.error(line, written, "duplicate_column", MESSAGES["duplicate_column"], params)
            ok = False
        else:
            positions[name] = index
            names[name] = written
    for name in col.REQUIRED:
        if name not in positions:
            log.error(line, name, "missing_column", MESSAGES["missing_column"], {"name": name})
            ok = False
    return (positions, names, len(header)) if ok else None


def _unknown_column(written: str, line: int, log: IssueLog) -> None:
    close = difflib.get_close_matches(col.header_key(written), list(col.KNOWN), n=1, cutoff=0.6)
    params: dict[str, object] = {"name": shown(written), "expected": ", ".join(col.COLUMNS)}
    if close:
        params["close"] = col.KNOWN[close[0]]
        log.error(line, written, "unknown_column", MESSAGES["unknown_column_close"], params)
    else:
        log.error(line, written, "unknown_column", MESSAGES["unknown_column"], params)


def _letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA: the column as Excel labels it."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


# --- XLSX --------------------------------------------------------------------------------------


def _read_xlsx(data: bytes, log: IssueLog, not_a_workbook: str) -> OrderFileTable | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, ValueError):
        log.error(None, None, not_a_workbook, MESSAGES[not_a_workbook])
        return None
    if "xl/workbook.xml" not in {member.filename for member in members}:
        log.error(None, None, not_a_workbook, MESSAGES[not_a_workbook])
        return None
    if sum(member.file_size for member in members) > MAX_UNZIPPED_BYTES:
        log.error(None, None, "file_too_large", MESSAGES["unzipped_too_large"])
        return None
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheet_names = workbook.sheet_names
        sheet = workbook.get_sheet_by_index(0)
        records = sheet.iter_rows()
    except PasswordError:
        log.error(None, None, "protected_xlsx", MESSAGES["protected_xlsx"])
        return None
    except (CalamineError, ValueError, OSError):
        log.error(None, None, not_a_workbook, MESSAGES[not_a_workbook])
        return None
    others = [name for name in sheet_names[1:] if name not in col.SHEETS_WITHOUT_LINES]
    if others:
        params = {
            "first": shown(sheet_names[0]),
            "others": ", ".join(f"« {shown(n)} »" for n in others),
        }
        log.warning(None, None, "several_sheets", MESSAGES["several_sheets"], params)
    texts = (_xlsx_texts(raw) for raw in records)
    try:
        header_line, header = _first_non_blank(enumerate(texts, start=1))
    except StopIteration:
        if others:
            params = {"first": shown(sheet_names[0])}
            log.error(None, None, "empty_file", MESSAGES["first_sheet_empty"], params)
        else:
            log.error(None, None, "empty_file", MESSAGES["empty_file"])
        return None
    shape = _header(header, header_line, log)
    if shape is None:
        return None
    positions, names, width = shape
    table = OrderFileTable(kind="xlsx", positions=positions, names=names)
    table.rows = _xlsx_rows(table, texts, header_line, width, log)
    return table


def _xlsx_rows(
    table: OrderFileTable, texts: Iterator[list[str]], header_line: int, width: int, log: IssueLog
) -> Iterator[tuple[int, list[str]]]:
    for line, cells in enumerate(texts, start=header_line + 1):
        if not any(cells):
            continue
        table.lines_read += 1
        if table.lines_read > MAX_LINES:
            raise TooManyLines
        if (
            len(cells) < width
        ):  # calamine pads every row to the sheet's width; this is belt and braces
            cells = cells + [""] * (width - len(cells))
        fitted = _fitted(cells, width, line, log)
        if fitted is not None:
            yield line, fitted


def _xlsx_texts(raw: Sequence[object]) -> list[str]:
    return [cell.strip() if type(cell) is str else _cell_text(cell) for cell in raw]


def _cell_text(value: object) -> str:
    """A cell as the CSV of the same sheet would show it: 9.5 → « 9.5 », 12.0 → « 12 »."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "VRAI" if value else "FAUX"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return f"{value:.15g}"  # what Excel shows: 15 significant digits, no binary noise
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return value.strftime("%d/%m/%Y")
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    return str(value).strip()


MESSAGES = {
    "file_too_large": _(
        "Le fichier pèse %(size)s Mo : la limite est de 20 Mo. Découpez-le en plusieurs fichiers "
        "de commande, ou retirez les colonnes et les feuilles inutiles."
    ),
    "unzipped_too_large": _(
        "Ce classeur est trop volumineux une fois décompressé (plus de 300 Mo) : gardez une seule "
        "feuille avec les colonnes du modèle, ou enregistrez-le en CSV."
    ),
    "too_many_lines": _(
        "Le fichier compte plus de 100 000 lignes de commande, la limite par fichier : découpez-le "
        "en plusieurs fichiers de 100 000 lignes au plus."
    ),
    "empty_file": _(
        "Le fichier est vide : partez du modèle vierge, remplissez une ligne par bénéficiaire "
        "sous l'en-tête, puis déposez-le de nouveau."
    ),
    "old_excel_format": _(
        "Ce fichier est au format Excel 97-2003 (.xls), qui n'est pas accepté : dans Excel, "
        "choisissez « Enregistrer sous » puis « Classeur Excel (.xlsx) » ou « CSV (séparateur : "
        "point-virgule) »."
    ),
    "format_not_allowed": _(
        "Les fichiers « %(suffix)s » ne sont pas acceptés : déposez un fichier CSV (séparateur "
        "point-virgule) ou un classeur Excel (.xlsx)."
    ),
    "not_really_xlsx": _(
        "Ce fichier porte le nom d'un classeur Excel mais n'en est pas un (ou il est abîmé) : "
        "ouvrez-le dans Excel et enregistrez-le au format « Classeur Excel (.xlsx) », ou déposez "
        "un CSV."
    ),
    "protected_xlsx": _(
        "Ce classeur est protégé par un mot de passe : enregistrez-en une copie sans mot de passe, "
        "puis déposez-la."
    ),
    "binary_file": _(
        "Ce fichier n'est ni un CSV ni un classeur Excel (il contient des données binaires) : "
        "déposez le fichier de commande au format CSV ou .xlsx."
    ),
    "utf16_encoding": _(
        "Ce fichier est encodé en UTF-16 (« Texte Unicode »), qui n'est pas accepté : dans Excel, "
        "enregistrez-le en « CSV UTF-8 (délimité par des points-virgules) »."
    ),
    "unknown_encoding": _(
        "L'encodage de ce fichier n'est ni UTF-8 ni Windows-1252 : dans Excel, enregistrez-le en "
        "« CSV UTF-8 (délimité par des points-virgules) »."
    ),
    "dos_or_mac_encoding": _(
        "Ce fichier semble encodé pour MS-DOS ou Macintosh, ni UTF-8 ni Windows-1252 : ses "
        "accents se lisent mal (« %(word)s »). Dans Excel, enregistrez-le en « CSV UTF-8 "
        "(délimité par des points-virgules) »."
    ),
    "comma_separator": _(
        "Les colonnes sont séparées par des virgules (« , ») : le séparateur attendu est le "
        "point-virgule (« ; »). Dans Excel, enregistrez le fichier en « CSV (séparateur : "
        "point-virgule) »."
    ),
    "tab_separator": _(
        "Les colonnes sont séparées par des tabulations : le séparateur attendu est le "
        "point-virgule (« ; »). Dans Excel, enregistrez le fichier en « CSV (séparateur : "
        "point-virgule) »."
    ),
    "malformed_line": _(
        "Cette ligne est mal formée (guillemets non refermés ou cellule démesurée) : "
        "corrigez-la dans le tableur, puis enregistrez de nouveau le fichier."
    ),
    "semicolon_in_field": _(
        "Une cellule de cette ligne contient un point-virgule (« ; »), ce que le fichier n'accepte "
        "pas, même entre guillemets : retirez-le ou remplacez-le par une virgule."
    ),
    "too_few_fields": _(
        "Cette ligne compte %(found)s champs alors que l'en-tête a %(expected)s colonnes : "
        "vérifiez qu'aucune cellule n'a été supprimée ou fusionnée."
    ),
    "too_many_fields": _(
        "Cette ligne compte %(found)s champs alors que l'en-tête a %(expected)s colonnes : une "
        "valeur déborde à droite de la dernière colonne, retirez-la."
    ),
    "unnamed_column": _(
        "La colonne %(letter)s n'a pas de nom d'en-tête : nommez-la comme dans le modèle vierge, "
        "ou supprimez-la."
    ),
    "unknown_column": _(
        "La colonne « %(name)s » ne fait pas partie du modèle : supprimez-la ou renommez-la. "
        "Colonnes acceptées : %(expected)s."
    ),
    "unknown_column_close": _(
        "La colonne « %(name)s » ne fait pas partie du modèle : vouliez-vous écrire "
        "« %(close)s » ? Colonnes acceptées : %(expected)s."
    ),
    "duplicate_column": _(
        "La colonne « %(name)s » figure deux fois (colonnes %(first)s et %(second)s) : gardez-en "
        "une seule."
    ),
    "missing_column": _(
        "La colonne obligatoire « %(name)s » manque : ajoutez-la à l'en-tête (le modèle vierge "
        "la contient)."
    ),
    "first_sheet_empty": _(
        "La première feuille du classeur, « %(first)s », est vide : seule la première feuille est "
        "lue. Placez-y les lignes de commande, ou déplacez la feuille qui les contient en "
        "premier."
    ),
    "several_sheets": _(
        "Le classeur a plusieurs feuilles : seule la première, « %(first)s », a été lue ; les "
        "autres (%(others)s) n'ont pas été prises en compte. Placez les lignes de commande dans "
        "la première feuille."
    ),
}
