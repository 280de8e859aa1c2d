import datetime as dt
import io
import re

import pytest
from django.urls import reverse
from python_calamine import CalamineWorkbook

from tests.factories import BeneficiaryFactory, DeliveryPointFactory
from titresto.beneficiaries.models import Beneficiary
from titresto.core.models import AuditEvent


def new_person(point) -> dict:
    return {
        "matricule": "EMP-0042",
        "civility": "MME",
        "last_name": "Légaré",
        "first_name": "Élodie",
        "birth_date": "14/07/1985",
        "email": "elodie@sonacs.example",
        "phone": "",
        "delivery_point": point.public_id,
        "home_address_line1": "",
        "home_address_line2": "",
        "home_postcode": "",
        "home_city": "",
    }


def body(response) -> str:
    return response.content.decode()


def streamed(response) -> bytes:
    return b"".join(response.streaming_content)


@pytest.mark.parametrize("people", [1, 50])
def test_list_page_runs_the_same_queries_whatever_the_number_of_people(
    commandeur, signed_in, django_assert_num_queries, people
) -> None:
    point = DeliveryPointFactory(client=commandeur.client)
    BeneficiaryFactory.create_batch(people, client=commandeur.client, delivery_point=point)
    http = signed_in(commandeur)

    # session, user, memberships (actor and switcher), count, rows, points
    with django_assert_num_queries(6):
        response = http.get(reverse("beneficiaries:list"), {"q": "lefevre", "statut": "ACTIVE"})

    assert body(response).count('data-testid="beneficiary-row"') == people


def test_detail_page_query_count(commandeur, signed_in, django_assert_num_queries) -> None:
    person = BeneficiaryFactory(client=commandeur.client)
    http = signed_in(commandeur)

    # session, user, memberships, beneficiary with its point, last change
    with django_assert_num_queries(5):
        response = http.get(reverse("beneficiaries:detail", args=[person.public_id]))

    assert response.status_code == 200


@pytest.mark.parametrize("points", [1, 20])
def test_form_pages_read_the_points_once(
    commandeur, signed_in, django_assert_num_queries, points
) -> None:
    person = BeneficiaryFactory(client=commandeur.client)
    DeliveryPointFactory.create_batch(points - 1, client=commandeur.client)
    http = signed_in(commandeur)

    # session, user, memberships, points offered
    with django_assert_num_queries(4):
        create = http.get(reverse("beneficiaries:create"))
    # the same and the beneficiary
    with django_assert_num_queries(5):
        update = http.get(reverse("beneficiaries:update", args=[person.public_id]))

    assert body(create).count(" – Site n° ") == points  # each offered point, « CODE – name »
    assert (create.status_code, update.status_code) == (200, 200)


def test_find_by_searching_without_accents(commandeur, signed_in) -> None:
    BeneficiaryFactory(client=commandeur.client, last_name="Légaré", first_name="Hélène")
    BeneficiaryFactory(client=commandeur.client, last_name="Martin", first_name="Paul")

    response = signed_in(commandeur).get(reverse("beneficiaries:list"), {"q": "helene legare"})

    assert "LÉGARÉ Hélène" in body(response)
    assert "MARTIN" not in body(response)
    assert '<label for="id_q"' in body(response)


def test_the_list_works_with_nonsense_parameters(commandeur, signed_in) -> None:
    BeneficiaryFactory(client=commandeur.client)

    response = signed_in(commandeur).get(
        reverse("beneficiaries:list"), {"page": "abc", "tri": "drop", "point": "x", "statut": "?"}
    )

    assert response.status_code == 200
    assert body(response).count('data-testid="beneficiary-row"') == 1


# 5 000 nines: past the 4 300 digits int() accepts (this was a 500).
ODD_NUMBERS = ["²", "٣", "9" * 30, "9" * 5000, "-1", "1_0"]


@pytest.mark.parametrize("odd", ODD_NUMBERS)
@pytest.mark.parametrize("name", ["point", "page"])
@pytest.mark.parametrize(
    "url_name", ["beneficiaries:list", "beneficiaries:export_csv", "beneficiaries:export_xlsx"]
)
def test_odd_numbers_in_the_address_are_ignored_not_a_server_error(
    commandeur, signed_in, url_name, name, odd
) -> None:
    BeneficiaryFactory(client=commandeur.client, matricule="EMP-0042")

    response = signed_in(commandeur).get(reverse(url_name), {name: odd})

    assert response.status_code == 200
    content = streamed(response) if response.streaming else response.content
    assert b"EMP-0042" in content or url_name.endswith("xlsx")


@pytest.mark.parametrize("odd", ODD_NUMBERS)
def test_bulk_departure_ignores_odd_selections(commandeur, signed_in, odd) -> None:
    person = BeneficiaryFactory(client=commandeur.client)

    response = signed_in(commandeur).post(
        reverse("beneficiaries:depart_bulk"),
        {"selection": [odd], "departure_date": "01/01/2020"},
        follow=True,
    )

    assert response.status_code == 200
    assert "Cochez au moins un bénéficiaire" in body(response)
    person.refresh_from_db()
    assert person.status == "ACTIVE"


@pytest.mark.parametrize("odd", ODD_NUMBERS)
@pytest.mark.parametrize("name", ["delivery_point", "version"])
def test_odd_numbers_in_the_form_are_a_form_error_not_a_server_error(
    commandeur, signed_in, name, odd
) -> None:
    person = BeneficiaryFactory(client=commandeur.client)
    data = {**new_person(person.delivery_point), "version": person.version, name: odd}

    response = signed_in(commandeur).post(
        reverse("beneficiaries:update", args=[person.public_id]), data
    )

    assert response.status_code in (200, 409)
    assert 'aria-invalid="true"' in body(response) or "modifiée entre-temps" in body(response)
    person.refresh_from_db()
    assert person.matricule != "EMP-0042"


def test_create_then_detail_shows_who_changed_it(commandeur, signed_in) -> None:
    point = DeliveryPointFactory(client=commandeur.client)

    response = signed_in(commandeur).post(
        reverse("beneficiaries:create"), new_person(point), follow=True
    )

    person = Beneficiary.objects.get()
    assert response.redirect_chain[-1][0] == reverse(
        "beneficiaries:detail", args=[person.public_id]
    )
    assert "par Camille Durand" in body(response)


def test_a_bad_form_saves_nothing_and_marks_the_field(commandeur, signed_in) -> None:
    point = DeliveryPointFactory(client=commandeur.client)

    response = signed_in(commandeur).post(
        reverse("beneficiaries:create"), {**new_person(point), "birth_date": "31/02/1985"}
    )

    assert response.status_code == 200
    assert "Le 31/02/1985 n&#x27;existe pas" in body(response)
    assert 'aria-invalid="true"' in body(response)
    assert not Beneficiary.objects.exists()


def test_every_error_of_the_round_is_listed_at_the_top_as_a_link_to_its_field(
    commandeur, signed_in
) -> None:
    """The duplicate matricule included: it used to wait until the other errors were fixed."""
    point = DeliveryPointFactory(client=commandeur.client)
    BeneficiaryFactory(client=commandeur.client, matricule="EMP-0042", last_name="Dupont")

    response = signed_in(commandeur).post(
        reverse("beneficiaries:create"),
        {**new_person(point), "last_name": "Dupont2", "birth_date": "31/02/1985"},
    )

    html = body(response)
    start = html.index("data-error-summary")
    summary = html[start : html.index("</ul>", start)]
    assert "3 erreurs à corriger" in summary
    links = re.findall(r'<a href="#(\w+)"', summary)
    assert links == ["id_matricule", "id_last_name", "id_birth_date"]
    assert re.search(r"déjà celui d(e |&#x27;)", summary)
    assert not Beneficiary.objects.filter(last_name="Dupont2").exists()


def test_each_error_is_tied_once_to_its_field(commandeur, signed_in) -> None:
    point = DeliveryPointFactory(client=commandeur.client)

    response = signed_in(commandeur).post(
        reverse("beneficiaries:create"), {**new_person(point), "matricule": ""}
    )

    html = body(response)
    described = re.search(r'<input[^>]*id="id_matricule"[^>]*>', html)
    assert described is not None
    ids = re.search(r'aria-describedby="([^"]*)"', described.group(0))
    assert ids is not None
    assert ids.group(1).split() == ["id_matricule_helptext", "id_matricule_error"]
    assert html.count('id="id_matricule_error"') == 1


def test_a_duplicate_matricule_says_who_has_it(commandeur, signed_in) -> None:
    point = DeliveryPointFactory(client=commandeur.client)
    BeneficiaryFactory(
        client=commandeur.client, matricule="EMP-0042", first_name="Jean", last_name="Dupont"
    )

    response = signed_in(commandeur).post(reverse("beneficiaries:create"), new_person(point))

    assert "déjà celui de Jean DUPONT" in body(response)
    assert Beneficiary.objects.count() == 1


def test_a_stale_edit_is_detected(commandeur, signed_in) -> None:
    person = BeneficiaryFactory(client=commandeur.client, version=2)

    response = signed_in(commandeur).post(
        reverse("beneficiaries:update", args=[person.public_id]),
        {**new_person(person.delivery_point), "version": 1},
    )

    assert "modifiée entre-temps" in body(response)
    person.refresh_from_db()
    assert (person.matricule != "EMP-0042", person.version) == (True, 2)


def test_depart_from_the_detail_page(commandeur, signed_in) -> None:
    person = BeneficiaryFactory(client=commandeur.client)

    response = signed_in(commandeur).post(
        reverse("beneficiaries:depart", args=[person.public_id]), {"departure_date": "01/01/2020"}
    )

    assert response.status_code == 302
    person.refresh_from_db()
    assert person.departure_date == dt.date(2020, 1, 1)


def test_a_future_departure_is_refused_next_to_the_field(commandeur, signed_in) -> None:
    person = BeneficiaryFactory(client=commandeur.client)

    response = signed_in(commandeur).post(
        reverse("beneficiaries:depart", args=[person.public_id]), {"departure_date": "01/01/2999"}
    )

    assert response.status_code == 200
    assert "dans le futur" in body(response)
    person.refresh_from_db()
    assert person.status == "ACTIVE"


def test_bulk_departure_of_the_checked_people(commandeur, signed_in) -> None:
    leaving = BeneficiaryFactory.create_batch(2, client=commandeur.client)
    staying = BeneficiaryFactory(client=commandeur.client)
    back = reverse("beneficiaries:list") + "?q=lefevre"

    response = signed_in(commandeur).post(
        reverse("beneficiaries:depart_bulk"),
        {"selection": [p.public_id for p in leaving], "departure_date": "01/01/2020", "next": back},
    )

    assert response["Location"] == back
    statuses = dict(Beneficiary.objects.values_list("pk", "status"))
    assert [statuses[p.pk] for p in leaving] == ["DEPARTED", "DEPARTED"]
    assert statuses[staying.pk] == "ACTIVE"


@pytest.mark.parametrize(
    ("selection", "date", "message"),
    [
        (True, "", "Indiquez la date de départ, au format JJ/MM/AAAA."),
        (False, "01/01/2020", "Cochez au moins un bénéficiaire dans la liste."),
    ],
)
def test_a_refused_bulk_departure_answers_in_the_bar_and_changes_nothing(
    commandeur, signed_in, selection, date, message
) -> None:
    """From the page's script the answer replaces only the bar's message (HX-Reswap: none keeps
    the ticks and the typed date); without script, the list again with the message on top."""
    person = BeneficiaryFactory(client=commandeur.client)
    data = {"selection": [person.public_id] if selection else [], "departure_date": date}
    http = signed_in(commandeur)

    from_script = http.post(reverse("beneficiaries:depart_bulk"), data, HTTP_HX_REQUEST="true")
    plain = http.post(reverse("beneficiaries:depart_bulk"), data, follow=True)

    assert from_script.status_code == 200 and from_script["HX-Reswap"] == "none"
    assert 'id="bulk-feedback"' in body(from_script) and message in body(from_script)
    assert message in body(plain)
    person.refresh_from_db()
    assert person.status == "ACTIVE"


def test_bulk_departure_never_redirects_elsewhere(commandeur, signed_in) -> None:
    person = BeneficiaryFactory(client=commandeur.client)

    response = signed_in(commandeur).post(
        reverse("beneficiaries:depart_bulk"),
        {
            "selection": [person.public_id],
            "departure_date": "01/01/2020",
            "next": "https://evil.example/",
        },
    )

    assert response["Location"] == reverse("beneficiaries:list")


def test_csv_export_is_excel_ready_and_defuses_formulas(commandeur, signed_in) -> None:
    BeneficiaryFactory(
        client=commandeur.client, matricule="00042", last_name="Durand", email="=cmd@x.fr"
    )
    BeneficiaryFactory(client=commandeur.client, last_name="Martin")

    response = signed_in(commandeur).get(reverse("beneficiaries:export_csv"), {"q": "durand"})
    content = streamed(response)

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    assert content.startswith("\ufeff".encode())
    lines = content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("matricule;civilite;nom;prenom;date_naissance;email")
    assert len(lines) == 2
    cells = lines[1].split(";")
    assert cells[0] == "00042"
    assert cells[5] == "'=cmd@x.fr"


@pytest.mark.parametrize("danger", ["=1+1", "+33", "-2", "@SUM(A1)", "\tx", "\rx"])
def test_every_formula_start_is_defused(danger) -> None:
    from titresto.beneficiaries.export import defuse

    assert defuse(danger) == "'" + danger
    assert defuse("Dupont") == "Dupont"


def test_xlsx_export_opens_with_calamine(commandeur, signed_in) -> None:
    BeneficiaryFactory(
        client=commandeur.client, matricule="00042", last_name="Durand & <Fils>", email="@x.fr"
    )

    response = signed_in(commandeur).get(reverse("beneficiaries:export_xlsx"))
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(streamed(response))).get_sheet_by_index(0)
    rows = sheet.to_python()

    assert "spreadsheetml" in response["Content-Type"]
    assert rows[0][0] == "matricule"
    assert rows[1][0] == "00042"
    assert rows[1][2] == "Durand & <Fils>"
    assert rows[1][5] == "'@x.fr"
    assert rows[0][15] == "statut" and rows[1][15] == "Actif"


def test_xlsx_export_has_a_bold_frozen_header_an_autofilter_and_column_widths(
    commandeur, signed_in
) -> None:
    import openpyxl

    BeneficiaryFactory.create_batch(3, client=commandeur.client)

    response = signed_in(commandeur).get(reverse("beneficiaries:export_xlsx"))
    sheet = openpyxl.load_workbook(io.BytesIO(streamed(response))).worksheets[0]

    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:Q4"
    assert sheet["A1"].font.b and not sheet["A2"].font.b
    assert sheet.column_dimensions["C"].width == 24  # « nom »


def test_visiteur_reads_and_exports_but_changes_nothing(visiteur, signed_in) -> None:
    person = BeneficiaryFactory(client=visiteur.client)
    http = signed_in(visiteur)

    readable = [
        http.get(reverse("beneficiaries:list")),
        http.get(reverse("beneficiaries:detail", args=[person.public_id])),
        http.get(reverse("beneficiaries:export_csv")),
    ]
    refused = [
        http.post(reverse("beneficiaries:create"), new_person(person.delivery_point)),
        http.post(reverse("beneficiaries:update", args=[person.public_id]), {"version": 1}),
        http.post(
            reverse("beneficiaries:depart", args=[person.public_id]),
            {"departure_date": "01/01/2020"},
        ),
        http.post(
            reverse("beneficiaries:depart_bulk"),
            {"selection": [person.public_id], "departure_date": "01/01/2020"},
        ),
        http.post(reverse("beneficiaries:delete", args=[person.public_id])),
    ]

    assert [r.status_code for r in readable] == [200, 200, 200]
    assert 'name="selection"' not in body(readable[0])
    assert reverse("beneficiaries:update", args=[person.public_id]) not in body(readable[1])
    assert [r.status_code for r in refused] == [403] * 5
    person.refresh_from_db()
    assert (person.status, person.version) == ("ACTIVE", 1)
    assert Beneficiary.objects.count() == 1
    assert not AuditEvent.objects.exists()


def test_another_clients_beneficiary_is_not_found(other_client_admin, tenant, signed_in) -> None:
    person = BeneficiaryFactory(client=tenant)
    http = signed_in(other_client_admin)

    responses = [
        http.get(reverse("beneficiaries:detail", args=[person.public_id])),
        http.post(
            reverse("beneficiaries:depart", args=[person.public_id]),
            {"departure_date": "01/01/2020"},
        ),
        http.post(reverse("beneficiaries:delete", args=[person.public_id])),
    ]
    exported = streamed(http.get(reverse("beneficiaries:export_csv"))).decode("utf-8-sig")

    assert [r.status_code for r in responses] == [404] * 3
    assert person.matricule not in exported
    assert Beneficiary.objects.get().status == "ACTIVE"


def test_the_dashboard_first_steps_tick_once_points_and_people_exist(commandeur, signed_in):
    http = signed_in(commandeur)
    before = http.get(reverse("portal:dashboard")).context["first_steps"]

    BeneficiaryFactory(client=commandeur.client)
    after = http.get(reverse("portal:dashboard")).context["first_steps"]

    labels = ["Créer mes points de livraison", "Ajouter mes bénéficiaires"]
    assert [s.is_done for s in before if str(s.label) in labels] == [False, False]
    assert [s.is_done for s in after if str(s.label) in labels] == [True, True]


def test_pages_name_people_and_points_by_public_id_never_by_row_id(commandeur, signed_in) -> None:
    person = BeneficiaryFactory(client=commandeur.client)
    http = signed_in(commandeur)

    listed = body(http.get(reverse("beneficiaries:list")))
    edited = body(http.get(reverse("beneficiaries:update", args=[person.public_id])))

    assert reverse("beneficiaries:detail", args=[person.public_id]) in listed
    assert f'name="selection" value="{person.public_id}"' in listed
    assert f'<option value="{person.delivery_point.public_id}" selected>' in edited
    assert f'<option value="{person.delivery_point.pk}"' not in edited
    # The row id is no address any more: a plain 404, not a guess that lands.
    assert http.get(f"/beneficiaires/{person.pk}/").status_code == 404


def test_the_list_filters_by_a_point_public_id(commandeur, signed_in) -> None:
    here = BeneficiaryFactory(client=commandeur.client, matricule="ICI")
    BeneficiaryFactory(client=commandeur.client, matricule="AILLEURS")

    response = signed_in(commandeur).get(
        reverse("beneficiaries:list"), {"point": here.delivery_point.public_id}
    )

    assert "ICI" in body(response)
    assert "AILLEURS" not in body(response)
