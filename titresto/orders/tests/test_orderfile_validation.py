"""What a good file gives (normalized lines, new people, proposed updates) and its warnings."""

import datetime as dt
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import BeneficiaryFactory, CardFactory
from titresto.orders.orderfile.report import CardAction, ShipsTo
from titresto.orders.tests.orderfile_helpers import (
    codes,
    csv_bytes,
    csv_text,
    new_person,
    validate,
    warning_codes,
)


def test_headers_match_whatever_their_case_accents_spaces_and_order(tenant):
    header = [
        "NOMBRE TITRES",
        "Matricule",
        "Prénom",
        "Nom",
        "Civilité",
        "Date_Naissance",
        "Point Livraison",
    ]
    text = "\r\n".join([";".join(header), "20;N0001;Élodie;Le Gall;MME;14/07/1985;siege"])

    report = validate(text.encode("utf-8"), tenant)

    assert codes(report) == []
    assert report.new_beneficiaries[0].first_name == "Élodie"


def test_windows_1252_and_utf8_without_bom_read_the_same(tenant):
    lines = [new_person(nom="Lefèvre", prenom="Zoé")]
    for data in (csv_bytes(lines, encoding="cp1252"), csv_bytes(lines, encoding="utf-8")):
        report = validate(data, tenant)
        assert codes(report) == []
        assert report.new_beneficiaries[0].last_name == "Lefèvre"
        assert report.new_beneficiaries[0].first_name == "Zoé"


def test_windows_1252_signs_that_french_text_uses_are_not_taken_for_a_dos_file(tenant):
    person = new_person(
        nom="Šabani",
        prenom="Zoé",
        point_livraison="",
        adresse_1="Résidence “Les Pins” – bât. B…",
        code_postal="69001",
        ville="Lyon",
    )

    report = validate(csv_bytes([person], encoding="cp1252"), tenant)

    assert codes(report) == []
    assert report.new_beneficiaries[0].last_name == "Šabani"


def test_empty_cells_after_the_last_column_and_blank_lines_are_ignored(tenant):
    text = csv_text([new_person("N0001"), new_person("N0002")])
    rows = text.split("\r\n")
    data = "\r\n".join([rows[0] + ";;", rows[1] + ";", ";;;;", rows[2]]).encode()

    report = validate(data, tenant)

    assert codes(report) == []
    assert report.lines_read == 2
    assert [line.line for line in report.lines] == [2, 4]


def test_defaults_come_from_the_contract_and_values_are_normalized(tenant):
    report = validate(
        csv_bytes(
            [
                new_person("N0001"),
                new_person("N0002", valeur_faciale="9,5", part_patronale="55 %", civilite="Mme"),
                new_person(
                    "N0003",
                    point_livraison="",
                    adresse_1="3 rue Haute",
                    code_postal="69001",
                    ville="Lyon",
                ),
            ]
        ),
        tenant,
    )

    first, second, third = report.lines
    assert (first.face_value_cents, first.employer_share) == (1000, Decimal("60.00"))
    assert (second.face_value_cents, second.employer_share) == (950, Decimal("55.00"))
    assert report.new_beneficiaries[1].civility == "MME"
    assert first.destination.ships_to is ShipsTo.POINT
    assert third.destination.ships_to is ShipsTo.HOME
    assert third.destination.address.city == "LYON"
    assert all(line.card is CardAction.NEW for line in report.lines)


def test_a_known_beneficiary_needs_no_identity_and_ships_where_the_record_says(tenant):
    data = b"matricule;nombre_titres\r\nE001;21\r\n"

    report = validate(data, tenant)

    assert codes(report) == [] and report.warnings == []
    (line,) = report.lines
    assert line.beneficiary_id is not None and report.new_beneficiaries == []
    assert line.destination.ships_to is ShipsTo.POINT


def test_a_known_beneficiary_whose_point_was_deactivated_needs_a_destination(tenant):
    from titresto.delivery.models import DeliveryPoint

    DeliveryPoint.objects.filter(client=tenant, code="SIEGE").update(is_active=False)

    report = validate(b"matricule;nombre_titres\r\nE001;21\r\n", tenant)

    assert codes(report) == [(2, "point_livraison", "point_on_file_inactive")]


def test_a_different_name_or_birth_date_is_a_proposed_update_not_an_error(tenant):
    line = new_person("E001", nom="LEFEVRE", prenom="Élodie-Marie", date_naissance="15/07/1985")

    report = validate(csv_bytes([line]), tenant)

    assert report.valid
    assert warning_codes(report) == [(2, "prenom", "differs_from_file")]
    assert "« Élodie » → « Élodie-Marie »" in report.warnings[0].message
    assert [(u.field, u.on_file, u.in_file) for u in report.updates] == [
        ("first_name", "Élodie", "Élodie-Marie"),
        ("birth_date", "14/07/1985", "15/07/1985"),
    ]  # « LEFEVRE » is « Lefèvre » in capitals: no change proposed


def test_a_likely_duplicate_under_a_new_matricule_is_a_warning(tenant):
    same_person = new_person("N0009", nom="LEFÈVRE", prenom="elodie", date_naissance="14/07/1985")
    twins = [
        new_person("N0010", nom="Roux", prenom="Léa"),
        new_person("N0011", nom="Roux", prenom="Lea"),
    ]

    report = validate(csv_bytes([same_person, *twins]), tenant)

    assert report.valid
    assert warning_codes(report) == [
        (2, "matricule", "likely_duplicate"),
        (4, "matricule", "likely_duplicate"),
    ]
    assert "matricule E001" in report.warnings[0].message
    assert "ligne 3 (matricule N0010)" in report.warnings[1].message


def test_the_exemption_cap_exceeded_is_a_warning_with_the_amounts(tenant):
    lines = [
        new_person("N0001", prenom="Anne", valeur_faciale="12,20"),  # 7,32 € at 60 %: the cap
        new_person("N0002", prenom="Brigitte", valeur_faciale="13,00"),  # 7,80 €
        new_person("N0003", prenom="Chloé", valeur_faciale="13,00", nombre_titres="0"),  # no load
    ]

    report = validate(csv_bytes(lines), tenant)

    assert report.valid
    assert warning_codes(report) == [(3, "valeur_faciale", "exemption_cap_exceeded")]
    assert "7,80\xa0€ par titre" in report.warnings[0].message
    assert "7,32\xa0€" in report.warnings[0].message


def test_a_refused_file_keeps_no_line(tenant):
    report = validate(
        csv_bytes([new_person("N0001"), new_person("N0002", nombre_titres="99")]), tenant
    )

    assert not report.valid
    assert report.lines == [] and report.new_beneficiaries == [] and report.updates == []


def _world_queries(tenant, count: int) -> int:
    lines = [new_person(f"N{i:05d}", nom="Roux", date_naissance="01/02/1990") for i in range(count)]
    lines += [new_person("E001", nombre_titres="3")]
    data = csv_bytes(lines)
    with CaptureQueriesContext(connection) as captured:
        validate(data, tenant)
    return len(captured)


def test_the_validation_reads_the_world_once_whatever_the_number_of_lines(tenant):
    for number in range(50):
        BeneficiaryFactory(
            client=tenant,
            matricule=f"X{number}",
            delivery_point=None,
            home_address_line1="1 rue A",
            home_postcode="75001",
            home_city="PARIS",
        )

    assert _world_queries(tenant, 1) == _world_queries(tenant, 500) == 3


def test_a_file_refused_at_its_header_costs_no_query(tenant):
    with CaptureQueriesContext(connection) as captured:
        report = validate(b"matricule;titres\r\nE001;3\r\n", tenant)
    assert not report.valid and len(captured) == 0


def test_another_clients_beneficiaries_and_points_are_unknown(tenant):
    from tests.factories import ClientFactory, DeliveryPointFactory

    other = ClientFactory()
    DeliveryPointFactory(client=other, code="AILLEURS")
    BeneficiaryFactory(client=other, matricule="Z001", birth_date=dt.date(1980, 1, 1))
    lines = [new_person("Z001", point_livraison="AILLEURS")]

    report = validate(csv_bytes(lines), tenant)

    assert codes(report) == [(2, "point_livraison", "point_unknown")]
    assert (
        "SIEGE" in report.errors[0].message
        and "AILLEURS" not in report.errors[0].message.split(":")[1]
    )


def test_the_downloadable_report_is_a_french_excel_csv_safe_from_formulas(tenant):
    import csv
    import io

    from titresto.orders.orderfile.report_csv import report_csv_chunks

    lines = [new_person(f"N{i:05d}", nombre_titres="40") for i in range(1002)]
    lines.append(new_person("N99999", nom="=1+1"))
    report = validate(csv_bytes(lines), tenant)

    data = b"".join(report_csv_chunks(report))

    assert data.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["ligne", "colonne", "gravité", "code", "message"]
    assert rows[1][:4] == ["2", "nombre_titres", "erreur", "titres_range"]
    assert len(rows) == 1 + 1000 + 1
    assert "3 autres erreurs non listées" in rows[-1][4]
    assert not any(cell.startswith(("=", "+", "@")) for row in rows for cell in row)


def test_a_header_that_looks_like_a_formula_is_defused_in_the_report(tenant):
    from titresto.orders.orderfile.report_csv import report_csv_chunks

    report = validate(b"matricule;nombre_titres;=HYPERLINK(1)\r\nE001;3;x\r\n", tenant)

    data = b"".join(report_csv_chunks(report)).decode("utf-8-sig")

    assert (1, "=HYPERLINK(1)", "unknown_column") in codes(report)
    assert "\r\n1;'=HYPERLINK(1);erreur;unknown_column;" in data


def test_a_beneficiary_holding_a_live_card_gets_no_new_one(tenant):
    holder = BeneficiaryFactory(client=tenant, matricule="E100")
    CardFactory(client=tenant, beneficiary=holder)
    BeneficiaryFactory(client=tenant, matricule="E200")
    data = b"matricule;nombre_titres\r\nE100;21\r\nE200;21\r\n"

    report = validate(data, tenant)

    assert [(line.matricule, line.card) for line in report.lines] == [
        ("E100", CardAction.NONE),
        ("E200", CardAction.NEW),
    ]


def test_the_beneficiaries_export_comes_back_as_an_order_once_its_titres_are_filled_in(tenant):
    """« Mes bénéficiaires » exports an order file to fill in: its columns are the order
    file's (in the template's order), then what only the export tells, which is read past."""
    from titresto.beneficiaries.export import EXPORT_HEADER, EXPORT_ONLY_COLUMNS, csv_chunks
    from titresto.beneficiaries.selectors import BeneficiaryQuery, beneficiary_export_rows
    from titresto.orders.orderfile.columns import COLUMNS

    assert [*COLUMNS, *EXPORT_ONLY_COLUMNS] == EXPORT_HEADER
    exported = b"".join(
        csv_chunks(beneficiary_export_rows(client=tenant, query=BeneficiaryQuery(status="ACTIVE")))
    ).decode("utf-8-sig")
    header, *rows = exported.splitlines()
    titres = header.split(";").index("nombre_titres")
    filled = [
        ";".join([*cells[:titres], "18", *cells[titres + 1 :]])
        for cells in (row.split(";") for row in rows)
    ]

    report = validate("\r\n".join([header, *filled]).encode("utf-8"), tenant)

    assert codes(report) == []
    assert rows and len(report.lines) == len(rows)
    assert report.new_beneficiaries == []
    assert {line.titres for line in report.lines} == {18}
