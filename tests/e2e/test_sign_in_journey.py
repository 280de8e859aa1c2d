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

    # The language is in the account menu and applies on choice (no « OK » with script on).
    page.get_by_role("button", name=client_admin.user.get_short_name()).click()
    assert not page.get_by_role("button", name="OK").is_visible()
    with page.expect_navigation():
        page.get_by_label("Langue").select_option("en")
    assert page.locator("html").get_attribute("lang") == "en"
    check_accessibility(page)


def test_at_390_px_the_header_holds_on_one_row_and_the_menu_opens_from_its_button(
    page, live_server, client_admin
):  # type: ignore[no-untyped-def]
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/compte/connexion/")
    page.get_by_label("Adresse e-mail").fill(client_admin.user.email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_label("Mot de passe").press("Enter")
    page.wait_for_url("**/")

    header = page.locator("header").bounding_box()
    assert header is not None and header["height"] < 70, header
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    # The content starts under the header, not under the whole menu.
    heading = page.get_by_role("heading", name="Tableau de bord").bounding_box()
    assert heading is not None and heading["y"] < 200, heading
    menu_link = page.locator("#app-menu").get_by_role("link", name="Mes bénéficiaires")
    assert not menu_link.is_visible()
    check_accessibility(page)

    page.get_by_role("button", name="Menu").click()
    menu_link.wait_for(state="visible")
    # Once open, the panel holds the focus (for the keyboard and screen readers).
    page.locator("#app-menu:focus-within, #app-menu:focus").first.wait_for()
    check_accessibility(page)
    page.keyboard.press("Escape")
    menu_link.wait_for(state="hidden")
    page.get_by_role("button", name="Menu").click()
    menu_link.click()
    page.wait_for_url("**/beneficiaires/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
