"""« Statistiques d'utilisation carte »: the figures, the filters, the privacy rule, the exports,
the tenancy and the capability, at a pinned number of queries."""

import csv
import datetime as dt
import io
import re

import pytest
import time_machine
from django.urls import reverse
from python_calamine import CalamineWorkbook

from tests.factories import BeneficiaryFactory, CardFactory, DeliveryPointFactory
from titresto.cards.ledger import ledger_credit
from titresto.core.capabilities import PROFILE_CAPABILITIES, Capability, Profile
from titresto.statistics.services import transactions_file_import
from titresto.statistics.tests.helpers import PARIS, file_bytes, line, write_signed

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 11, 28, 10, 0, tzinfo=dt.UTC)
TUESDAY = dt.datetime(2026, 11, 17, 12, 10, tzinfo=PARIS)
URL = reverse("statistics:usage")


def _people(client, point, count):
    return [
        CardFactory(beneficiary=BeneficiaryFactory(client=client, delivery_point=point))
        for _ in range(count)
    ]


def _usage(tmp_path, cards, *, name="tx.csv", days=1, extra=()):
    lines = []
    for day in range(days):
        at = TUESDAY + dt.timedelta(days=day)
        for rank, card in enumerate(cards):
            reference = f"{name}-{day}-{rank}"
            lines.append(line(reference, card.pk, at, 1000, "RESTAURANT"))
            lines.append(line(reference + "s", card.pk, at.replace(hour=18), 500, "SUPERMARKET"))
    lines += extra
    path = write_signed(tmp_path, name, file_bytes(lines))
    with time_machine.travel(NOW):
        outcome = transactions_file_import(
            path=path, signature=(tmp_path / f"{name}.sig").read_text(), now=NOW
        )
    assert outcome.row.refused_count == 0, outcome.row.issues
    return outcome


@pytest.fixture
def site(tenant):
    return DeliveryPointFactory(client=tenant, name="Siège", code="SIEGE")


@pytest.fixture
def staff(tenant, site, tmp_path):
    cards = _people(tenant, site, 6)
    ledger_credit(
        rows=[(card.pk, tenant.pk, 20_000, f"load:{card.pk}") for card in cards],
        day=dt.date(2026, 11, 2),
        now=NOW,
    )
    # One person paid at a bakery: a group of one is never shown as such.
    _usage(tmp_path, cards, extra=[line("lonely", cards[0].pk, TUESDAY, 300, "BAKERY")])
    return cards


def _get(http, **params):
    with time_machine.travel(NOW):
        return http.get(URL, params)


def test_the_page_shows_the_months_figures_in_tables(signed_in, visiteur, staff):
    page = _get(signed_in(visiteur), periode="mois", annee="2026", mois="11")

    html = page.content.decode()
    assert page.status_code == 200
    figures = page.context["figures"]
    assert (figures.loaded_cents, figures.spent_cents) == (120_000, 6 * 1500 + 300)
    assert figures.usage_rate == 8 and figures.cards_active == 6
    assert figures.expiring_on == dt.date(2027, 2, 28)
    assert (figures.expiring_cents, figures.expiring_beneficiaries) == (120_000 - 9300, 6)
    labels = [group.label for group in figures.by_category]
    # The bakery (one person) and the smallest shown group go to « Autres » together.
    assert labels == ["Restaurants", "Autres (moins de 5 bénéficiaires chacun)"]
    assert figures.folded and "regroupés ainsi" in html
    assert 'data-testid="table-categories"' in html and 'id="chart-categories"' in html
    assert "Boulangeries" not in html


def test_the_page_never_names_a_transaction_or_a_person(signed_in, client_admin, staff):
    html = _get(signed_in(client_admin), periode="mois", annee="2026", mois="11").content.decode()

    for card in staff:
        assert card.beneficiary.last_name not in html
        # As a number of its own: « 0034 » inside a client number « 70000347 » is not a card.
        assert not re.search(rf"(?<!\d){card.last_four}(?!\d)", html)
    assert "lonely" not in html and "tx.csv" not in html


def test_a_quarter_a_year_and_a_custom_period(signed_in, visiteur, staff):
    http = signed_in(visiteur)

    quarter = _get(http, periode="trimestre", annee="2026", trimestre="4").context["figures"]
    year = _get(http, periode="annee", annee="2026").context["figures"]
    custom = _get(http, periode="personnalisee", du="18/11/2026", au="30/11/2026")

    assert quarter.spent_cents == year.spent_cents == 9300
    assert [month.label for month in quarter.months] == [
        "octobre 2026",
        "novembre 2026",
        "décembre 2026",
    ]
    assert len(year.months) == 12
    assert custom.context["figures"].spent_cents == 0  # the payments were on the 17th


@pytest.mark.parametrize(
    "params",
    [
        {"periode": "semaine"},
        {"annee": "deux-mille"},
        {"periode": "mois", "mois": "13"},
        {"periode": "personnalisee"},
        {"periode": "personnalisee", "du": "30/11/2026", "au": "01/11/2026"},
        {"periode": "personnalisee", "du": "31/02/2026", "au": "01/11/2026"},
        {"point": "not-a-point"},
    ],
)
def test_an_unknown_period_or_point_gets_a_message_not_a_500(signed_in, visiteur, params):
    page = _get(signed_in(visiteur), **params)

    assert page.status_code == 200 and page.context["figures"] is None
    assert page.context["form"].errors


def test_a_point_with_fewer_than_five_card_holders_cannot_be_chosen(signed_in, visiteur, tenant):
    small = DeliveryPointFactory(client=tenant, code="AGENCE")
    _people(tenant, small, 4)

    page = _get(signed_in(visiteur), point=small.public_id)

    assert page.context["figures"] is None
    assert "moins de 5 porteurs" in page.content.decode()


def test_a_point_filters_the_figures(signed_in, visiteur, tenant, site, staff, tmp_path):
    other_site = DeliveryPointFactory(client=tenant, code="USINE")
    others = _people(tenant, other_site, 5)
    _usage(tmp_path, others, name="usine.csv")

    page = _get(signed_in(visiteur), annee="2026", mois="11", point=other_site.public_id)

    assert page.context["figures"].spent_cents == 5 * 1500
    assert page.context["figures"].cards_active == 5


def test_another_clients_figures_are_never_reachable(signed_in, other_client_admin, staff, site):
    http = signed_in(other_client_admin)

    page = _get(http, annee="2026", mois="11")
    chosen = _get(http, point=site.public_id)

    assert page.context["figures"].spent_cents == 0 and page.context["figures"].holders == 0
    assert chosen.context["figures"] is None  # not one of its points


def test_without_the_capability_the_page_and_exports_are_refused(
    signed_in, visiteur, staff, monkeypatch
):
    monkeypatch.setitem(
        PROFILE_CAPABILITIES,
        Profile.VISITEUR,
        PROFILE_CAPABILITIES[Profile.VISITEUR] - {Capability.STATISTICS_VIEW},
    )
    http = signed_in(visiteur)

    assert _get(http).status_code == 403
    assert http.get(reverse("statistics:export", args=["csv"])).status_code == 403


def test_the_exports_hold_the_pages_figures(signed_in, visiteur, staff):
    http = signed_in(visiteur)
    params = {"annee": "2026", "mois": "11"}

    with time_machine.travel(NOW):
        as_csv = http.get(reverse("statistics:export", args=["csv"]), params)
        as_xlsx = http.get(reverse("statistics:export", args=["xlsx"]), params)

    rows = list(
        csv.reader(
            io.StringIO(b"".join(as_csv.streaming_content).decode("utf-8-sig")), delimiter=";"
        )
    )
    assert rows[0] == ["Rubrique", "Libellé", "Nombre", "Montant (€)"]
    assert ["Titres", "Dépensés", "13", "93,00"] in rows
    assert ["Dépenses par catégorie", "Restaurants", "6", "60,00"] in rows
    assert not any("Boulangeries" in row for row in rows)
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(b"".join(as_xlsx.streaming_content)))
    assert ["Titres", "Dépensés", "13", "93,00"] in sheet.get_sheet_by_index(0).to_python()


@pytest.mark.parametrize("days", [1, 10])
def test_the_page_costs_the_same_queries_whatever_the_data(
    signed_in, visiteur, tenant, site, tmp_path, days, django_assert_num_queries
):
    cards = _people(tenant, site, 8)
    _usage(tmp_path, cards, days=days)
    http = signed_in(visiteur)
    _get(http)

    with django_assert_num_queries(11):
        assert _get(http, annee="2026", mois="11").status_code == 200


def test_the_dashboard_shows_this_months_usage_and_what_expires(signed_in, visiteur, staff):
    with time_machine.travel(NOW):
        page = signed_in(visiteur).get(reverse("portal:dashboard"))

    panel = page.context["usage"]
    assert (panel.usage_rate, panel.expiring_beneficiaries) == (8, 6)
    html = page.content.decode()
    assert 'data-testid="usage-panel"' in html and reverse("statistics:usage") in html
