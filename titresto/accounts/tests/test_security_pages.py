"""Small things found on the browser journey of two-factor sign-in: focus and ways back."""

import pytest
from django.core.cache import cache
from django.test import Client as HttpClient
from django.urls import reverse

from conftest import PASSWORD
from tests.factories import with_totp

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    cache.clear()


def test_the_code_page_puts_the_cursor_in_the_code_field(client_admin) -> None:
    with_totp(client_admin.user)
    http = HttpClient()
    http.post(reverse("accounts:login"), {"email": client_admin.user.email, "password": PASSWORD})

    page = http.get(reverse("accounts:login_code")).content.decode()

    assert page.count("autofocus") == 1
    assert 'name="code"' in page.split("autofocus")[0].rsplit("<input", 1)[1]


def test_the_security_page_does_not_jump_to_the_password_form(client_admin, signed_in) -> None:
    page = signed_in(client_admin).get(reverse("accounts:security")).content.decode()

    assert "autofocus" not in page


def test_the_enrolment_page_leaves_the_instructions_readable_first(client_admin, signed_in) -> None:
    http = signed_in(client_admin)
    http.post(reverse("accounts:totp_start"))

    page = http.get(reverse("accounts:totp_enrol")).content.decode()

    assert "autofocus" not in page


def test_an_agent_finds_the_way_back_to_the_backoffice(issuer_agent, signed_in) -> None:
    page = signed_in(issuer_agent).get(reverse("accounts:security")).content.decode()

    assert f'href="{reverse("backoffice:index")}"' in page
    assert "Retour au back-office" in page


def test_a_manager_is_not_shown_the_backoffice(client_admin, signed_in) -> None:
    page = signed_in(client_admin).get(reverse("accounts:security")).content.decode()

    assert "Retour au back-office" not in page
