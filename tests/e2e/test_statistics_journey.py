"""« Statistiques d'utilisation carte »: a Visiteur opens the page from the menu, reads this
month's charts, changes the period to the quarter, reads a chart's table, and exports the
figures — Chart.js drawing under the CSP, axe-core on each page."""

import datetime as dt
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.e2e.conftest import check_accessibility
from tests.e2e.test_directory_journey import open_menu, sign_in
from tests.factories import BeneficiaryFactory, CardFactory, DeliveryPointFactory
from titresto.cards.ledger import ledger_credit
from titresto.statistics.services import transactions_file_import
from titresto.statistics.tests.helpers import file_bytes, line, write_signed

pytestmark = pytest.mark.django_db(transaction=True)


def _usage(client, folder: Path) -> None:
    point = DeliveryPointFactory(client=client, code="SIEGE")
    cards = [
        CardFactory(beneficiary=BeneficiaryFactory(client=client, delivery_point=point))
        for _ in range(6)
    ]
    now = timezone.now()
    ledger_credit(
        rows=[(card.pk, client.pk, 20_000, f"load:{card.pk}") for card in cards],
        day=timezone.localdate(now),
        now=now,
    )
    # A minute ago: in this month and this quarter whenever the test runs.
    paid_at = timezone.localtime(now) - dt.timedelta(minutes=1)
    lines = [line(f"J{card.pk}", card.pk, paid_at, 1100) for card in cards]
    path = write_signed(folder, "tx.csv", file_bytes(lines))
    transactions_file_import(path=path, signature=(folder / "tx.csv.sig").read_text(), now=now)


def test_a_visiteur_reads_the_usage_changes_the_period_and_exports(page, visiteur, tmp_path):
    _usage(visiteur.client, tmp_path)
    sign_in(page, visiteur)

    open_menu(page, "Statistiques d'utilisation carte")
    expect(page.get_by_test_id("figure-cards")).to_contain_text("6")
    expect(page.locator("canvas[data-chart]").first).to_be_visible()
    # Chart.js drew: the canvas has its own pixels, no CSP violation on the way.
    assert page.evaluate(
        "Chart.getChart(document.querySelector('canvas[data-chart]')) !== undefined"
    )
    check_accessibility(page)

    page.get_by_label("Période", exact=True).select_option(label="Trimestre")
    page.get_by_role("button", name="Afficher").click()
    expect(page.get_by_test_id("period-label")).to_contain_text("trimestre")
    table = page.get_by_test_id("table-categories")
    expect(table.get_by_role("row", name="Restaurants 6 66,00 €")).to_be_visible()
    check_accessibility(page)

    with page.expect_download() as download:
        page.get_by_test_id("export-csv").click()
    content = Path(download.value.path()).read_text(encoding="utf-8-sig")
    assert "Restaurants;6;66,00" in content
