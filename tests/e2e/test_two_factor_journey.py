"""Two-factor sign-in in the browser: a manager turns it on and uses it; an agent reaches the
back-office with their code, opens « Nouveau client », and changes their password on the
portal's page (the admin's own form is not used)."""

import time

import pyotp
import pytest

from conftest import PASSWORD
from tests.e2e.conftest import check_accessibility
from tests.factories import TOTP_SECRET

pytestmark = pytest.mark.django_db(transaction=True)

STEP_SECONDS = 30


def code_of_previous_step(secret: str) -> str:
    """Accepted for clock drift, and leaves the current step unused for the next sign-in.

    Near the end of a step the server could already be in the next one, where the previous
    step is too old: wait those few seconds rather than be flaky.
    """
    if time.time() % STEP_SECONDS > STEP_SECONDS - 3:
        time.sleep(STEP_SECONDS - time.time() % STEP_SECONDS + 0.2)
    return pyotp.TOTP(secret).at(time.time() - STEP_SECONDS)


def sign_in(page, email: str) -> None:  # type: ignore[no-untyped-def]
    page.get_by_label("Adresse e-mail").fill(email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()


def enter_code(page, code: str) -> None:  # type: ignore[no-untyped-def]
    page.wait_for_url("**/compte/connexion/code/")
    assert page.get_by_role("heading", name="Code de vérification").is_visible()
    check_accessibility(page)
    page.get_by_label("Code à 6 chiffres").fill(code)
    page.get_by_role("button", name="Valider").click()


def open_account_menu(page) -> None:  # type: ignore[no-untyped-def]
    page.locator(".app-account-button").click()


def sign_out(page) -> None:  # type: ignore[no-untyped-def]
    open_account_menu(page)
    page.get_by_role("button", name="Se déconnecter").click()
    page.wait_for_url("**/compte/connexion/")


def test_a_manager_turns_on_two_factor_sign_in_and_then_signs_in_with_a_code(
    page, live_server, client_admin
) -> None:
    manager = client_admin.user
    page.goto("/")
    sign_in(page, manager.email)
    page.wait_for_url(f"{live_server.url}/")

    open_account_menu(page)
    page.get_by_role("link", name="Sécurité de mon compte").click()
    page.wait_for_url("**/compte/securite/")
    assert page.get_by_role("heading", name="Sécurité de mon compte").is_visible()
    check_accessibility(page)

    page.get_by_role("button", name="Activer la double authentification").click()
    page.wait_for_url("**/compte/securite/double-authentification/")
    assert page.get_by_role("img", name="QR code").is_visible()
    check_accessibility(page)
    secret = "".join(page.get_by_test_id("totp-secret").inner_text().split())
    page.get_by_label("Code à 6 chiffres").fill(code_of_previous_step(secret))
    page.get_by_role("button", name="Confirmer et activer").click()

    page.wait_for_url("**/compte/securite/")
    assert "Activée depuis le" in page.get_by_test_id("totp-status").inner_text()
    check_accessibility(page)

    sign_out(page)
    sign_in(page, manager.email)
    enter_code(page, pyotp.TOTP(secret).now())

    page.wait_for_url(f"{live_server.url}/")
    assert page.get_by_role("heading", name="Tableau de bord").is_visible()
    check_accessibility(page)


def test_an_issuer_agent_signs_in_with_a_code_and_opens_the_new_client_form(
    page, live_server, issuer_agent
) -> None:
    page.goto("/backoffice/")
    page.wait_for_url("**/compte/connexion/?next=/backoffice/")
    check_accessibility(page)
    sign_in(page, issuer_agent.email)
    enter_code(page, pyotp.TOTP(TOTP_SECRET).now())

    page.wait_for_url(f"{live_server.url}/backoffice/")
    assert page.get_by_role("heading", name="Clients, contrats et gestionnaires").is_visible()
    check_accessibility(page)

    page.locator("tr.model-client").get_by_role("link", name="Ajouter").click()
    page.wait_for_url("**/backoffice/clients/client/add/")
    assert page.get_by_role("heading", name="Nouveau client").is_visible()
    assert page.get_by_label("Raison sociale").is_visible()
    check_accessibility(page)

    page.get_by_role("link", name="Modifier le mot de passe").click()
    page.wait_for_url("**/compte/securite/")
    check_accessibility(page)
    page.get_by_role("link", name="Retour au back-office").click()
    page.wait_for_url(f"{live_server.url}/backoffice/")
