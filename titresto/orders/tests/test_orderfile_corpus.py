"""The corpus of bad files: every case of issue 7's « Bad input », each at its line and column,
with its stable code and the gist of the French sentence that says how to fix it."""

import datetime as dt
import io
import zipfile

import pytest
import xlsxwriter

from titresto.orders.orderfile.columns import COLUMNS
from titresto.orders.tests.orderfile_helpers import (
    codes,
    csv_bytes,
    csv_text,
    new_person,
    validate,
    xlsx_bytes,
)

HEADER = list(COLUMNS)


def _zip_of_nothing() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("word/document.xml", "<w/>")
    return out.getvalue()


def _quoted_semicolon() -> bytes:
    text = csv_text([new_person("N0001"), new_person("N0002")])
    return text.replace(
        "Le Gall-Dupré;Élodie;14/07/1985;elodie.legall@exemple.fr;20;;;SIEGE;;;;\r\n",
        '"Le Gall; Dupré";Élodie;14/07/1985;elodie.legall@exemple.fr;20;;;SIEGE;;;;\r\n',
        1,
    ).encode("utf-8-sig")


def _quote_left_open() -> bytes:
    text = csv_text([new_person("N0001"), new_person("N0002"), new_person("N0003")])
    return text.replace("N0002;MME;Le Gall", 'N0002;MME;"Le Gall', 1).encode("utf-8-sig")


def _password_protected() -> bytes:
    """What Excel writes for a .xlsx with a password: the old container holding the package."""
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512) + "EncryptedPackage".encode("utf-16-le")


def _first_sheet_empty() -> bytes:
    out = io.BytesIO()
    workbook = xlsxwriter.Workbook(out, {"in_memory": True})
    workbook.add_worksheet("Feuil1")
    filled = workbook.add_worksheet("Commande")
    for row, cells in enumerate([HEADER, list(new_person().values())]):
        for column, value in enumerate(cells):
            filled.write_string(row, column, value)
    workbook.close()
    return out.getvalue()


# (case, bytes, file name, expected (line, column, code), words the message must hold)
FILE_CASES = [
    ("empty file", b"", "c.csv", (None, None, "empty_file"), "vide"),
    ("only blank lines", b"\r\n\r\n", "c.csv", (None, None, "empty_file"), "vide"),
    ("header only", csv_bytes([]), "c.csv", (2, None, "no_lines"), "que l'en-tête"),
    (
        "commas",
        csv_bytes([new_person()], sep=","),
        "c.csv",
        (1, None, "wrong_separator"),
        "virgules (« , ») : le séparateur attendu est le point-virgule (« ; »)",
    ),
    (
        "tabs",
        csv_bytes([new_person()], sep="\t"),
        "c.csv",
        (1, None, "wrong_separator"),
        "tabulations : le séparateur attendu est le point-virgule (« ; »)",
    ),
    (
        "missing column",
        csv_bytes([new_person()], [c for c in HEADER if c != "nombre_titres"]),
        "c.csv",
        (1, "nombre_titres", "missing_column"),
        "obligatoire « nombre_titres » manque",
    ),
    (
        "duplicated column",
        csv_bytes([new_person()], [*HEADER, "Nom"]),
        "c.csv",
        (1, "Nom", "duplicate_column"),
        "colonnes C et O",
    ),
    (
        "unknown column",
        csv_bytes([new_person()], [*HEADER, "Date de naissance"]),
        "c.csv",
        (1, "Date de naissance", "unknown_column"),
        "ne fait pas partie du modèle",
    ),
    (
        "UTF-16",
        csv_text([new_person()]).encode("utf-16"),
        "c.csv",
        (None, None, "utf16_encoding"),
        "UTF-16",
    ),
    (
        "UTF-16 without its mark",
        csv_text([new_person()]).encode("utf-16-le"),
        "c.csv",
        (None, None, "utf16_encoding"),
        "UTF-16",
    ),
    (
        "MS-DOS (cp850), whose accents Windows-1252 would misread",
        csv_bytes([new_person(nom="Lefèvre", prenom="Zoé")], encoding="cp850"),
        "c.csv",
        (None, None, "unknown_encoding"),
        "MS-DOS ou Macintosh",
    ),
    (
        "Macintosh",
        csv_bytes([new_person(nom="Lefébure")], encoding="mac_roman"),
        "c.csv",
        (None, None, "unknown_encoding"),
        "« LefŽbure »",
    ),
    (
        "neither UTF-8 nor Windows-1252",
        csv_bytes([new_person(nom="Ma\x81rtin")], encoding="latin-1"),
        "c.csv",
        (None, None, "unknown_encoding"),
        "ni UTF-8 ni Windows-1252",
    ),
    (
        "binary",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        "c.csv",
        (None, None, "binary_file"),
        "binaires",
    ),
    (
        "control characters",
        b"matricule;nombre_titres\r\nA\x01;3\r\n",
        "c.csv",
        (None, None, "binary_file"),
        "binaires",
    ),
    (
        "text named .xlsx",
        csv_bytes([new_person()]),
        "c.xlsx",
        (None, None, "not_really_xlsx"),
        "n'en est pas un",
    ),
    (
        "zip that is no workbook",
        _zip_of_nothing(),
        "c.xlsx",
        (None, None, "not_really_xlsx"),
        "n'en est pas un",
    ),
    (
        "zip named .csv that is no workbook",
        _zip_of_nothing(),
        "c.csv",
        (None, None, "binary_file"),
        "ni un CSV ni un classeur Excel",
    ),
    (
        "truncated workbook",
        xlsx_bytes([HEADER, list(new_person().values())])[:1500],
        "c.xlsx",
        (None, None, "not_really_xlsx"),
        "abîmé",
    ),
    (
        "password-protected workbook",
        _password_protected(),
        "c.xlsx",
        (None, None, "protected_xlsx"),
        "mot de passe",
    ),
    (
        "workbook whose first sheet is empty",
        _first_sheet_empty(),
        "c.xlsx",
        (None, None, "empty_file"),
        "« Feuil1 », est vide",
    ),
    (
        "workbook with the header only",
        xlsx_bytes([HEADER]),
        "c.xlsx",
        (2, None, "no_lines"),
        "que l'en-tête",
    ),
    (
        "old .xls",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100,
        "c.xls",
        (None, None, "old_excel_format"),
        ".xls",
    ),
    (
        "other format",
        b"matricule;nombre_titres\r\n",
        "c.pdf",
        (None, None, "format_not_allowed"),
        "« .pdf »",
    ),
    (
        "over 20 MB",
        b"matricule;nombre_titres\r\n" + b"E1;1\r\n" * (20 * 1024 * 1024 // 6 + 1),
        "c.csv",
        (None, None, "file_too_large"),
        "limite est de 20 Mo",
    ),
    (
        "semicolon inside quotes",
        _quoted_semicolon(),
        "c.csv",
        (2, "nom", "semicolon_in_field"),
        "point-virgule",
    ),
    (
        "a quote left open swallows the next lines",
        _quote_left_open(),
        "c.csv",
        (3, "nom", "malformed_line"),
        "guillemets non refermés",
    ),
    (
        "too many fields",
        (csv_text([new_person()]).rstrip("\r\n") + ";en trop\r\n").encode(),
        "c.csv",
        (2, None, "too_many_fields"),
        "15 champs alors que l'en-tête a 14",
    ),
    (
        "too few fields",
        b"matricule;nombre_titres;point_livraison\r\nE001;20\r\n",
        "c.csv",
        (2, None, "too_few_fields"),
        "2 champs alors que l'en-tête a 3",
    ),
]


@pytest.mark.parametrize(
    ("data", "filename", "expected", "gist"),
    [c[1:] for c in FILE_CASES],
    ids=[c[0] for c in FILE_CASES],
)
def test_a_bad_file_is_refused_with_its_reason(tenant, data, filename, expected, gist):
    report = validate(data, tenant, filename=filename)

    assert not report.valid
    assert expected in codes(report)
    issue = next(i for i in report.errors if (i.line, i.column, i.code) == expected)
    assert gist in issue.message
    assert report.lines == [] and report.new_beneficiaries == []


def _line(**overrides: str) -> bytes:
    return csv_bytes([new_person("N0001"), new_person(**{"matricule": "N0002", **overrides})])


# Line 3 carries the fault (line 1 is the header, line 2 a good line).
LINE_CASES = [
    (
        "impossible date",
        {"date_naissance": "31/02/2004"},
        ("date_naissance", "date_impossible"),
        "Le 31/02/2004 n'existe pas",
    ),
    (
        "date in another format",
        {"date_naissance": "2004-02-01"},
        ("date_naissance", "date_format"),
        "JJ/MM/AAAA",
    ),
    ("too young", {"date_naissance": "01/01/2015"}, ("date_naissance", "birth_date_age"), "11 ans"),
    (
        "too old",
        {"date_naissance": "01/01/1920"},
        ("date_naissance", "birth_date_age"),
        "entre 14 et 100 ans",
    ),
    ("decimal titres", {"nombre_titres": "20,5"}, ("nombre_titres", "titres_decimal"), "décimales"),
    ("titres over 31", {"nombre_titres": "32"}, ("nombre_titres", "titres_range"), "de 0 à 31"),
    ("negative titres", {"nombre_titres": "-2"}, ("nombre_titres", "titres_range"), "de 0 à 31"),
    (
        "thousands of digits",
        {"nombre_titres": "9" * 5000},
        ("nombre_titres", "titres_range"),
        "de 0 à 31",
    ),
    (
        "titres with a point",
        {"nombre_titres": "12.5"},
        ("nombre_titres", "titres_decimal"),
        "décimales",
    ),
    (
        "titres not a number",
        {"nombre_titres": "vingt"},
        ("nombre_titres", "titres_format"),
        "nombre entier",
    ),
    ("no titres", {"nombre_titres": ""}, ("nombre_titres", "missing_nombre_titres"), "manque"),
    (
        "face value above the contract",
        {"valeur_faciale": "15,50"},
        ("valeur_faciale", "face_value_range"),
        "entre 6,00\xa0€ et 15,00\xa0€",
    ),
    (
        "face value below the contract",
        {"valeur_faciale": "5.99"},
        ("valeur_faciale", "face_value_range"),
        "sort de votre contrat",
    ),
    (
        "face value far above the contract",
        {"valeur_faciale": "99999"},
        ("valeur_faciale", "face_value_range"),
        "de 99\xa0999,00\xa0€ sort de votre contrat",
    ),
    (
        "negative face value",
        {"valeur_faciale": "-5"},
        ("valeur_faciale", "face_value_range"),
        "de -5,00\xa0€ sort de votre contrat",
    ),
    (
        "face value with 3 decimals",
        {"valeur_faciale": "9,505"},
        ("valeur_faciale", "face_value_format"),
        "deux décimales",
    ),
    (
        "share above 60",
        {"part_patronale": "61"},
        ("part_patronale", "share_range"),
        "entre 50 et 60 %",
    ),
    (
        "share far above 60",
        {"part_patronale": "1000"},
        ("part_patronale", "share_range"),
        "entre 50 et 60 %",
    ),
    (
        "share below 50",
        {"part_patronale": "45"},
        ("part_patronale", "share_range"),
        "entre 50 et 60 %",
    ),
    ("formula in a name", {"nom": '=HYPERLINK("x")'}, ("nom", "formula_text"), "comme une formule"),
    (
        "formula in an address",
        {"point_livraison": "", "adresse_1": "@SUM(A1)", "code_postal": "75011", "ville": "Paris"},
        ("adresse_1", "formula_text"),
        "« @ »",
    ),
    ("formula in an e-mail", {"email": "+33@x.fr"}, ("email", "formula_text"), "« + »"),
    ("formula with a minus", {"prenom": "-2+3"}, ("prenom", "formula_text"), "« - »"),
    (
        "formula in a number",
        {"nombre_titres": "=10+10"},
        ("nombre_titres", "formula_text"),
        "« = »",
    ),
    (
        "duplicate matricule",
        {"matricule": "N0001"},
        ("matricule", "duplicate_matricule"),
        "figure déjà ligne 2",
    ),
    (
        "bad matricule",
        {"matricule": "N 0002"},
        ("matricule", "matricule_format"),
        "1 à 20 caractères",
    ),
    ("no matricule", {"matricule": ""}, ("matricule", "missing_matricule"), "manque"),
    (
        "unknown point",
        {"point_livraison": "NULLEPART"},
        ("point_livraison", "point_unknown"),
        "« NULLEPART » n'existe pas",
    ),
    (
        "inactive point",
        {"point_livraison": "ancien"},
        ("point_livraison", "point_inactive"),
        "ANCIEN est désactivé",
    ),
    (
        "departed beneficiary",
        {"matricule": "E002", "nom": "Martin", "prenom": "Paul", "date_naissance": "02/01/1970"},
        ("matricule", "departed"),
        "parti",
    ),
    ("new without civilite", {"civilite": ""}, ("civilite", "missing_civilite"), "civilité"),
    ("bad civilite", {"civilite": "Mlle"}, ("civilite", "civilite_format"), "M ou MME"),
    ("new without nom", {"nom": ""}, ("nom", "missing_nom"), "nom"),
    ("new without prenom", {"prenom": ""}, ("prenom", "missing_prenom"), "prénom"),
    (
        "new without birth date",
        {"date_naissance": ""},
        ("date_naissance", "missing_date_naissance"),
        "JJ/MM/AAAA",
    ),
    (
        "new without destination",
        {"point_livraison": ""},
        ("point_livraison", "missing_destination"),
        "où envoyer sa carte",
    ),
    (
        "name with digits",
        {"prenom": "Élodie2"},
        ("prenom", "name_format"),
        "uniquement des lettres",
    ),
    ("name too long", {"nom": "A" * 39}, ("nom", "name_too_long"), "39 caractères"),
    ("bad e-mail", {"email": "elodie@"}, ("email", "email_format"), "n'est pas valide"),
    (
        "point and home",
        {"adresse_1": "1 rue de Rivoli", "code_postal": "75001", "ville": "Paris"},
        ("point_livraison", "point_and_home"),
        "à la fois",
    ),
    (
        "home without postcode",
        {"point_livraison": "", "adresse_1": "1 rue de Rivoli", "ville": "Paris"},
        ("code_postal", "home_incomplete"),
        "code_postal",
    ),
    (
        "postcode that lost its zero",
        {"point_livraison": "", "adresse_1": "1 rue X", "code_postal": "1000", "ville": "Bourg"},
        ("code_postal", "postcode_format"),
        "zéro initial",
    ),
    (
        "address line too long",
        {"point_livraison": "", "adresse_1": "x" * 39, "code_postal": "75001", "ville": "Paris"},
        ("adresse_1", "address_too_long"),
        "39 caractères",
    ),
]


@pytest.mark.parametrize(
    ("overrides", "expected", "gist"), [c[1:] for c in LINE_CASES], ids=[c[0] for c in LINE_CASES]
)
def test_a_bad_line_is_reported_at_its_line_and_column(tenant, overrides, expected, gist):
    report = validate(_line(**overrides), tenant)

    assert not report.valid
    column, code = expected
    assert (3, column, code) in codes(report)
    issue = next(i for i in report.errors if (i.line, i.column, i.code) == (3, column, code))
    assert gist in issue.message
    assert all(issue.line == 3 for issue in report.errors)  # line 2 is fine
    assert report.lines == [] and report.new_beneficiaries == [] and report.updates == []


def test_a_cell_too_big_to_read_refuses_its_line_and_the_next_lines_keep_their_numbers(tenant):
    lines = [
        new_person("N0001", prenom="x" * 200_000),
        new_person("N0002"),
        new_person("N0003", date_naissance="30/02/1990"),
    ]

    report = validate(csv_bytes(lines), tenant)

    assert codes(report) == [(2, None, "malformed_line"), (4, "date_naissance", "date_impossible")]
    assert report.lines_read == 3  # the unreadable line is a line: the file is not « header only »


def test_more_than_100_000_lines_are_refused_stating_the_limit(tenant):
    data = ("matricule;nombre_titres\r\n" + "".join(f"E{i};1\r\n" for i in range(100_001))).encode()

    report = validate(data, tenant)

    assert codes(report) == [(None, None, "too_many_lines")]
    assert "100 000 lignes" in report.errors[0].message


def test_exactly_100_000_lines_are_read(tenant):
    data = ("matricule;nombre_titres\r\n" + "".join(f"E{i};1\r\n" for i in range(100_000))).encode()

    report = validate(data, tenant)

    assert "too_many_lines" not in [code for _l, _c, code in codes(report)]
    assert report.lines_read == 100_000


def test_past_1000_errors_the_rest_are_counted(tenant):
    lines = [new_person(f"N{i:05d}", nombre_titres="40") for i in range(1500)]

    report = validate(csv_bytes(lines), tenant)

    assert len(report.errors) == 1000
    assert report.error_count == 1500 and report.errors_not_kept == 500
    assert report.errors[-1].line == 1001


def test_an_xlsx_with_several_sheets_reads_the_first_and_says_so(tenant):
    rows = [HEADER, list(new_person().values())]
    data = xlsx_bytes(rows, extra_sheets=("Brouillon", "Archives"))

    report = validate(data, tenant, filename="commande.xlsx")

    assert report.valid
    assert [(w.code, w.line) for w in report.warnings] == [("several_sheets", None)]
    assert "« Commande »" in report.warnings[0].message
    assert "« Brouillon », « Archives »" in report.warnings[0].message


def test_an_xlsx_formula_is_read_as_the_value_excel_computed(tenant):
    values = list(new_person().values())
    values[HEADER.index("nombre_titres")] = ("=10+8", 18)
    data = xlsx_bytes([HEADER, values])

    report = validate(data, tenant, filename="commande.xlsx")

    assert report.valid
    assert report.lines[0].titres == 18


def test_xlsx_typed_cells_read_like_the_same_csv(tenant):
    """Dates, whole and decimal numbers become the text a CSV would hold; text keeps its zeros."""
    person = new_person("00042", point_livraison="", adresse_1="3 rue Haute", ville="Lyon")
    values: list[object] = list(person.values())
    values[HEADER.index("date_naissance")] = dt.date(1985, 7, 14)
    values[HEADER.index("nombre_titres")] = 19.0
    values[HEADER.index("valeur_faciale")] = 9.5
    values[HEADER.index("part_patronale")] = 0.55  # a cell formatted as a percentage
    values[HEADER.index("code_postal")] = "01000"
    data = xlsx_bytes([HEADER, values])

    report = validate(data, tenant, filename="commande.xlsx")

    assert codes(report) == []
    line = report.lines[0]
    assert (line.matricule, line.titres, line.face_value_cents, str(line.employer_share)) == (
        "00042",
        19,
        950,
        "55.00",
    )
    assert report.new_beneficiaries[0].birth_date == dt.date(1985, 7, 14)
    assert line.destination.address.postcode == "01000"


def test_an_xlsx_error_is_numbered_as_excel_shows_the_row(tenant):
    values = list(new_person().values())
    bad = list(new_person("N0002", date_naissance="30/02/1990").values())
    data = xlsx_bytes([[], [], HEADER, values, [], bad])  # header on row 3, a blank row 5

    report = validate(data, tenant, filename="commande.xlsx")

    assert codes(report) == [(6, "date_naissance", "date_impossible")]
