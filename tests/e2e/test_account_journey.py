"""« Mon compte » and « Journal d'activité »: an administrator reads the account, fills in the
billing contact (one error round first), then finds that change in the journal and filters it —
axe-core on every page they see."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import check_accessibility
from tests.e2e.test_directory_journey import open_menu, sign_in
from titresto.clients.models import Client

pytestmark = pytest.mark.django_db(transaction=True)

EMAIL = re.compile(r"^E-mail(\s*\*)?$")


def test_an_administrator_updates_a_contact_and_finds_it_in_the_journal(page, client_admin) -> None:
    tenant = client_admin.client
    Client.objects.filter(pk=tenant.pk).update(first_order_paid_at=tenant.created_at)
    sign_in(page, client_admin)

    open_menu(page, "Mon compte")
    expect(page.get_by_test_id("client-number")).to_have_text(tenant.client_number)
    expect(page.get_by_test_id("fees")).to_contain_text("12,00")
    check_accessibility(page)

    page.get_by_role("link", name="Renseigner – Contact facturation").click()
    page.get_by_label(re.compile(r"^Prénom")).fill("Paul")
    page.get_by_label(re.compile(r"^Nom(\s*\*)?$")).fill("Durand")
    page.get_by_label(EMAIL).fill("compta@")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_role("link", name=re.compile("adresse e-mail valide"))).to_be_visible()
    check_accessibility(page)
    page.get_by_label(EMAIL).fill("compta@sonacs.example")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_text("Contact enregistré : Contact facturation.")).to_be_visible()
    expect(page.get_by_test_id("contact-facturation")).to_contain_text("compta@sonacs.example")
    check_accessibility(page)

    open_menu(page, "Journal d'activité")
    expect(page.get_by_test_id("journal-row").first).to_contain_text("Contact renseigné")
    check_accessibility(page)
    page.get_by_label("Type d'action").select_option(label="Commandes")
    page.get_by_role("button", name="Filtrer").click()
    expect(page.get_by_text("Aucune action ne correspond à ces critères.")).to_be_visible()
    check_accessibility(page)
