"""The order pages through HTTP: a bad file then a good one, a unit order, the monthly
reload from the dashboard, and page costs that do not grow with the order."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.factories import DeliveryPointFactory, MembershipFactory, actor_for
from titresto.core.capabilities import Profile
from titresto.orders.models import Order, OrderImport
from titresto.orders.services.orders import order_mark_paid, order_submit
from titresto.orders.tests.order_helpers import PERIOD, draft_with, people
from titresto.orders.tests.orderfile_helpers import csv_bytes, new_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager(tenant):
    """An Administrateur of a client with a contract and the point SIEGE."""
    from tests.factories import ContractFactory

    ContractFactory(client=tenant)
    return MembershipFactory(client=tenant, profile=Profile.ADMINISTRATEUR)


def _upload(http, lines):
    return http.post(
        reverse("orders:import_new"),
        {
            "file": SimpleUploadedFile("commande.csv", csv_bytes(lines)),
            "load_period": PERIOD.isoformat(),
        },
        follow=True,
    )


def test_a_bad_file_is_explained_then_the_fixed_file_is_reviewed_and_confirmed(manager, signed_in):
    http = signed_in(manager)

    refused = _upload(http, [new_person(nombre_titres="40")])
    page = refused.content.decode()
    assert "Le fichier est refusé" in page and "nombre_titres" in page
    report = http.get(reverse("orders:import_report", args=[OrderImport.objects.get().public_id]))
    assert b"nombre_titres" in b"".join(report.streaming_content)
    assert not Order.objects.exists()

    review = _upload(http, [new_person(), new_person("N0002", nombre_titres="10")])
    page = review.content.decode()
    assert "Ce que vous allez payer" in page and "2 nouveaux bénéficiaires seront créés" in page
    order_import = OrderImport.objects.get(status="VALID")
    confirm = reverse("orders:import_confirm", args=[order_import.public_id])

    first = http.post(confirm, {"acknowledged": "on"})
    again = http.post(confirm, {"acknowledged": "on"})  # a double click

    order = Order.objects.get()
    assert first.status_code == again.status_code == 302
    assert (
        first["Location"] == again["Location"] == reverse("orders:detail", args=[order.public_id])
    )
    assert order.status == Order.Status.AWAITING_PAYMENT
    detail = http.get(first["Location"]).content.decode()
    assert order.number in detail and "Payer par virement" in detail


def test_a_unit_order_is_built_saved_and_submitted(manager, signed_in):
    http = signed_in(manager)
    people(actor_for(manager), 3)

    start = http.post(reverse("orders:unit_start"), {"load_period": PERIOD.isoformat()})
    order = Order.objects.get()
    assert start["Location"] == reverse("orders:draft", args=[order.public_id])
    http.post(reverse("orders:draft_add", args=[order.public_id]), {"all": "1", "titres": "20"})
    draft = http.get(reverse("orders:draft", args=[order.public_id])).content.decode()
    assert draft.count("déjà dans la commande") == 4 and draft.count(" disabled checked") == 4
    http.post(reverse("orders:draft_titres", args=[order.public_id]), {"titres": "18"})
    refused = http.post(
        reverse("orders:draft_line", args=[order.public_id, 1]),
        {"titres": "18", "face_value": "99,00", "employer_share": "60"},
        follow=True,
    )
    assert "comprise entre" in refused.content.decode()

    http.post(reverse("orders:submit", args=[order.public_id]))

    order.refresh_from_db()
    assert (order.line_count, order.breakdown["titres"], order.status) == (
        4,  # the tenant's E001, and the three new people
        72,
        "AWAITING_PAYMENT",
    )


def test_the_monthly_reload_is_three_clicks_from_the_dashboard(manager, signed_in):
    admin = actor_for(manager)
    last = order_submit(actor=admin, order=draft_with(admin, count=2, titres=19), now=_now())
    order_mark_paid(order=last, by="Sandbox", method="CARD", now=_now())
    http = signed_in(manager)

    dashboard = http.get(reverse("portal:dashboard")).content.decode()
    assert "Renouveler la commande de" in dashboard
    copy = http.post(reverse("orders:duplicate", args=[last.public_id]))  # click 1
    renewed = Order.objects.exclude(pk=last.pk).get()
    assert copy["Location"] == reverse("orders:detail", args=[renewed.public_id])
    http.post(reverse("orders:submit", args=[renewed.public_id]))  # click 2
    http.post(reverse("orders:transfer", args=[renewed.public_id]))  # click 3 (or pay by card)

    renewed.refresh_from_db()
    assert renewed.awaits_transfer and renewed.breakdown["titres"] == 38
    # Until it is paid, the dashboard leads back to it: no second order for the same month.
    dashboard = http.get(reverse("portal:dashboard")).content.decode()
    assert 'data-testid="renew"' not in dashboard
    assert f"est en cours : {renewed.number} (En attente de virement)" in dashboard


def _now():
    from django.utils import timezone

    return timezone.now()


@pytest.mark.parametrize("count", [2, 60])
def test_an_orders_page_costs_the_same_whatever_its_size(
    manager, signed_in, django_assert_num_queries, count
):
    order = draft_with(actor_for(manager), count=count)
    http = signed_in(manager)
    url = reverse("orders:detail", args=[order.public_id])
    http.get(url)

    # session, user, memberships, the order, its history, its page of lines (its ids by the
    # index, then its rows); the lines over the exemption cap are counted when priced
    with django_assert_num_queries(7):
        response = http.get(url)
    assert response.status_code == 200


def test_the_review_costs_the_same_whatever_the_files_size(
    manager, signed_in, django_assert_num_queries
):
    DeliveryPointFactory(client=manager.client, code="ENTREPOT")
    http = signed_in(manager)
    for size in (2, 80):
        _upload(http, [new_person(f"N{index:04d}") for index in range(size)])
    small, large = OrderImport.objects.order_by("created_at")
    counts = []
    for order_import in (small, large):
        url = reverse("orders:import_detail", args=[order_import.public_id])
        http.get(url)
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            http.get(url)
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_the_blank_template_downloads_as_csv_and_as_a_workbook(manager, signed_in):
    http = signed_in(manager)

    csv = http.get(reverse("orders:template", args=["csv"]))
    xlsx = http.get(reverse("orders:template", args=["xlsx"]))

    assert csv["Content-Type"].startswith("text/csv") and csv.content.startswith(b"\xef\xbb\xbf")
    assert b"matricule" in csv.content
    assert xlsx["Content-Disposition"] == 'attachment; filename="modele-commande.xlsx"'
    assert xlsx.content.startswith(b"PK")
    page = http.get(reverse("orders:import_new")).content.decode()
    assert reverse("orders:template", args=["xlsx"]) in page


def test_a_new_beneficiary_is_created_and_added_from_the_draft(manager, signed_in):
    from titresto.beneficiaries.models import Beneficiary

    http = signed_in(manager)
    start = http.post(reverse("orders:unit_start"), {"load_period": PERIOD.isoformat()})
    order = Order.objects.get()
    url = reverse("orders:draft_new_person", args=[order.public_id])
    person = {
        "nouveau-matricule": "N0100",
        "nouveau-civility": "MME",
        "nouveau-last_name": "Durand",
        "nouveau-first_name": "Léa",
        "nouveau-birth_date": "03/04/1990",
        "nouveau-delivery_point": "",
        "titres": "15",
    }
    assert 'data-testid="new-person"' in http.get(start["Location"]).content.decode()

    refused = http.post(url, person)  # no delivery point and no home address
    page = refused.content.decode()
    assert refused.status_code == 200 and "À remplir pour un envoi à domicile" in page
    assert 'mb-4" open data-testid="new-person"' in page  # the form stays open, with its errors
    assert not Beneficiary.objects.filter(matricule="N0100").exists() and not order.lines.exists()

    point = DeliveryPointFactory(client=manager.client, code="ENTREPOT")
    added = http.post(url, {**person, "nouveau-delivery_point": point.public_id})

    assert added["Location"] == reverse("orders:draft", args=[order.public_id])
    line = order.lines.get()
    assert (line.beneficiary.matricule, line.titres, line.card_action) == ("N0100", 15, "NEW")


def test_lines_over_the_exemption_cap_are_acknowledged_before_submitting(manager, signed_in):
    order = draft_with(actor_for(manager), count=2)
    http = signed_in(manager)
    http.post(
        reverse("orders:draft_line", args=[order.public_id, 1]),
        {"titres": "20", "face_value": "13,00", "employer_share": "60"},  # 7,80 € > 7,32 €
    )

    page = http.get(reverse("orders:detail", args=[order.public_id])).content.decode()
    refused = http.post(reverse("orders:submit", args=[order.public_id]), follow=True)
    order.refresh_from_db()
    assert "1 ligne dépasse le plafond" in page and 'name="acknowledged"' in page
    assert "cochez « J&#x27;ai lu les avertissements »" in refused.content.decode()
    assert order.status == Order.Status.DRAFT

    http.post(reverse("orders:submit", args=[order.public_id]), {"acknowledged": "on"})
    order.refresh_from_db()
    assert order.status == Order.Status.AWAITING_PAYMENT


def test_the_list_filters_by_month_and_amount_and_the_history_exports_what_it_shows(
    manager, signed_in
):
    import csv
    import io

    from titresto.core.models import AuditEvent

    admin = actor_for(manager)
    small, large = draft_with(admin, count=1), draft_with(admin, count=3)
    http = signed_in(manager)
    month = PERIOD.strftime("%m/%Y")
    cheap = f"{(small.total_cents + 1) / 100:.2f}".replace(".", ",")

    listed = http.get(reverse("orders:list"), {"mois": month, "montant_max": cheap}).content
    refused = http.get(reverse("orders:list"), {"mois": "13/2026", "montant_min": "abc"})
    exported = http.get(reverse("orders:export", args=["csv"]), {"montant_max": cheap})
    detail = http.get(reverse("orders:export", args=["csv"]), {"detail": "1"})

    assert small.number in listed.decode() and large.number not in listed.decode()
    page = refused.content.decode()
    assert refused.status_code == 200 and "MM/AAAA" in page and "montant en euros" in page
    rows = list(
        csv.reader(
            io.StringIO(b"".join(exported.streaming_content).decode("utf-8-sig")), delimiter=";"
        )
    )
    assert rows[0][0] == "Numéro" and [row[0] for row in rows[1:]] == [small.number]
    assert rows[1][4] == "Brouillon"
    lines = b"".join(detail.streaming_content).decode("utf-8-sig").splitlines()
    assert len(lines) == 1 + 4  # the header, and every line of both orders
    assert AuditEvent.objects.filter(action="orders.exported").count() == 2
