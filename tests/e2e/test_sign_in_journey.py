"""A manager signs in, finds their account on the dashboard, and reads it in English."""

import pytest

from conftest import PASSWORD
from tests.e2e.conftest import check_accessibility

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_manager_signs_in_and_lands_on_their_dashboard(page, client_admin) -> None:
    page.goto("/")
    check_accessibility(page)

    page.get_by_label("Adresse e-mail").fill(client_admin.user.email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_label("Mot de passe").press("Enter")

    page.wait_for_url("**/")
    assert page.get_by_role("heading", name="Tableau de bord").is_visible()
    assert client_admin.client.client_number in page.get_by_test_id("current-client").inner_text()
    check_accessibility(page)

    page.get_by_label("Langue").select_option("en")
    page.get_by_role("button", name="OK").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    check_accessibility(page)
