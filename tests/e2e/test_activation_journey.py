"""The issuer's guide, step one: open « Activer mon compte » from the e-mail and land on the dashboard."""

import re

import pytest
from django.core import mail
from django.utils import timezone

from tests.e2e.conftest import check_accessibility
from tests.factories import valid_siret
from titresto.accounts.services.onboarding import client_onboard

pytestmark = pytest.mark.django_db(transaction=True)

# Labels end with a required-field star; this one must not match « Confirmation du mot de passe ».
NEW_PASSWORD = re.compile(r"^Mot de passe")


def test_a_new_manager_activates_their_account_from_the_emailed_link(page, live_server) -> None:
    onboarding = client_onboard(
        legal_name="Boulangerie Martin",
        siret=valid_siret(42),
        manager_email="lea.martin@boulangerie-martin.example",
        manager_first_name="Léa",
        manager_last_name="Martin",
        actor_user=None,
        now=timezone.now(),
    )
    (email,) = mail.outbox
    path = re.search(r"https?://[^/\s]+(/compte/activer/[^\s\"<]+/)", email.body).group(1)

    page.goto(path)
    check_accessibility(page)
    page.get_by_label(NEW_PASSWORD).fill("Croissants au beurre 2026")
    page.get_by_label("Confirmation du mot de passe").fill("Croissants au beurre 2026")
    page.get_by_label("Numéro de contrat").fill("CT00000000")
    page.get_by_label("Numéro client").fill(onboarding.client.client_number)
    page.get_by_role("button", name="Activer mon compte").click()

    page.wait_for_load_state()
    summary = page.locator("#form-errors")
    summary.wait_for()
    assert summary.evaluate("node => node === document.activeElement")
    check_accessibility(page)

    page.get_by_label(NEW_PASSWORD).fill("Croissants au beurre 2026")
    page.get_by_label("Confirmation du mot de passe").fill("Croissants au beurre 2026")
    page.get_by_label("Numéro de contrat").fill(onboarding.contract.contract_number)
    page.get_by_label("Numéro client").fill(onboarding.client.client_number)
    page.get_by_role("button", name="Activer mon compte").click()

    page.wait_for_url(f"{live_server.url}/")
    assert page.get_by_role("heading", name="Tableau de bord").is_visible()
    assert "Boulangerie Martin" in page.get_by_test_id("current-client").inner_text()
    check_accessibility(page)
