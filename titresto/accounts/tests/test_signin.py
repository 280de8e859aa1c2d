"""Sign-in by e-mail and password, sign-out, safe `next`, no account enumeration."""

import pytest
from django.urls import reverse

from conftest import PASSWORD
from tests.factories import UserFactory
from titresto.accounts.security.login import SECOND_FACTOR_SESSION_KEY
from titresto.core.models import AuditEvent

pytestmark = pytest.mark.django_db

LOGIN = reverse("accounts:login")
REFUSED = "Adresse e-mail ou mot de passe incorrect."


def sign_in(client, email: str, password: str = PASSWORD, **extra):  # type: ignore[no-untyped-def]
    return client.post(LOGIN, {"email": email, "password": password, **extra})


def test_the_login_page_is_french_and_labels_its_fields(client) -> None:
    response = client.get(LOGIN)

    page = response.content.decode()
    assert response.status_code == 200
    assert 'for="id_email"' in page and 'for="id_password"' in page
    assert 'autocomplete="current-password"' in page
    assert "Mot de passe oublié ?" in page


def test_a_manager_signs_in_and_lands_on_the_dashboard(client, client_admin) -> None:
    response = sign_in(client, client_admin.user.email)

    assert response.status_code == 302
    assert response["Location"] == reverse("portal:dashboard")
    assert client.get(reverse("portal:dashboard")).status_code == 200
    assert client.session[SECOND_FACTOR_SESSION_KEY] is False
    assert AuditEvent.objects.filter(
        action="accounts.signed_in", actor_user=client_admin.user
    ).exists()


def test_the_email_is_matched_whatever_its_case_and_spaces(client, client_admin) -> None:
    typed = f"  {client_admin.user.email.upper()} "

    response = sign_in(client, typed.strip())

    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == client_admin.user.pk


def test_an_account_stored_with_capitals_still_signs_in_in_lower_case(client) -> None:
    user = UserFactory(email="Claire.Martin@Example.com")

    response = sign_in(client, "claire.martin@example.com")

    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == user.pk


def test_a_wrong_password_is_refused_in_french_and_signs_nobody_in(client, client_admin) -> None:
    response = sign_in(client, client_admin.user.email, "pas le bon mot de passe")

    assert response.status_code == 200
    assert REFUSED in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_an_unknown_address_gets_exactly_the_same_answer(client, client_admin) -> None:
    wrong_password = sign_in(client, client_admin.user.email, "pas le bon mot de passe")
    unknown = sign_in(client, "personne@example.com", "pas le bon mot de passe")

    def without_csrf(page: str) -> str:
        return "\n".join(line for line in page.splitlines() if "csrf" not in line.lower())

    assert unknown.status_code == wrong_password.status_code == 200
    assert without_csrf(unknown.content.decode()).replace(
        "personne@example.com", "X"
    ) == without_csrf(wrong_password.content.decode()).replace(client_admin.user.email, "X")


def test_an_inactive_account_gets_the_same_refusal(client) -> None:
    user = UserFactory(is_active=False)

    response = sign_in(client, user.email)

    assert REFUSED in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_missing_fields_are_reported_next_to_each_field(client) -> None:
    response = client.post(LOGIN, {"email": "", "password": ""})

    page = response.content.decode()
    assert 'id="id_email_error"' in page and 'id="id_password_error"' in page
    assert 'aria-invalid="true"' in page


def test_a_safe_next_is_followed(client, client_admin) -> None:
    response = sign_in(client, client_admin.user.email, next=reverse("accounts:security"))

    assert response["Location"] == reverse("accounts:security")


@pytest.mark.parametrize(
    "next_url", ["https://evil.example/", "//evil.example/", "javascript:alert(1)"]
)
def test_a_next_to_another_site_is_ignored(client, client_admin, next_url) -> None:
    response = sign_in(client, client_admin.user.email, next=next_url)

    assert response["Location"] == reverse("portal:dashboard")


def test_the_next_of_the_login_link_is_kept_in_the_form(client) -> None:
    response = client.get(LOGIN, {"next": "/compte/securite/"})

    assert 'value="/compte/securite/"' in response.content.decode()


def test_a_signed_in_visitor_of_the_login_page_goes_home(client_admin, signed_in) -> None:
    response = signed_in(client_admin).get(LOGIN, {"next": "/backoffice/"})

    assert response["Location"] == reverse("portal:dashboard")


def test_logout_by_get_is_not_allowed(client_admin, signed_in) -> None:
    http = signed_in(client_admin)

    response = http.get(reverse("accounts:logout"))

    assert response.status_code == 405
    assert "_auth_user_id" in http.session


def test_logout_by_post_ends_the_session(client_admin, signed_in) -> None:
    http = signed_in(client_admin)

    response = http.post(reverse("accounts:logout"))

    assert response.status_code == 302
    assert response["Location"] == LOGIN
    assert http.get(reverse("portal:dashboard")).status_code == 302


def test_sessions_end_with_the_browser_and_after_the_configured_age(settings) -> None:
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True
    assert 0 < settings.SESSION_COOKIE_AGE <= 12 * 3600
    assert settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


def test_passwords_are_stored_with_argon2(client_admin) -> None:
    assert client_admin.user.password.startswith("argon2")
