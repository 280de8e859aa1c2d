"""The issuer's staff: a second factor is mandatory, and the back-office checks it per session."""

import datetime as dt

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client as HttpClient
from django.urls import reverse

from conftest import PASSWORD
from tests.factories import UserFactory, second_factor_verified, totp_code, with_totp
from titresto.accounts.models import User

pytestmark = pytest.mark.django_db

BACKOFFICE = "/backoffice/"
T0 = dt.datetime.now(dt.UTC).replace(second=10, microsecond=0)


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    cache.clear()


@pytest.fixture
def new_staff() -> User:
    """An issuer agent who has not enrolled in two-factor sign-in yet."""
    return UserFactory(is_staff=True, is_superuser=True)


def signed_in_without_code(user: User) -> HttpClient:
    http = HttpClient()
    http.force_login(user)
    return http


def test_staff_without_totp_are_sent_to_enrolment_before_anything_else(new_staff) -> None:
    http = signed_in_without_code(new_staff)

    for url in (BACKOFFICE, reverse("portal:dashboard"), reverse("accounts:security")):
        response = http.get(url)

        assert response.status_code == 302
        assert response["Location"] == reverse("accounts:totp_enrol")
    assert http.get(reverse("accounts:totp_enrol")).status_code == 200


def test_staff_sign_in_then_enrol_then_reach_the_backoffice(new_staff) -> None:
    http = HttpClient()
    with time_machine.travel(T0, tick=False):
        signed_in = http.post(
            reverse("accounts:login"), {"email": new_staff.email, "password": PASSWORD}
        )
        assert http.get(signed_in["Location"])["Location"] == reverse("accounts:totp_enrol")
        http.post(reverse("accounts:totp_start"))
        secret = User.objects.get(pk=new_staff.pk).totp_secret

        enrolled = http.post(reverse("accounts:totp_enrol"), {"code": totp_code(secret, at=T0)})
        backoffice = http.get(BACKOFFICE)

    assert enrolled["Location"] == reverse("backoffice:index")
    assert backoffice.status_code == 200


def test_staff_with_totp_reach_the_backoffice_only_after_the_code(issuer_agent) -> None:
    with_totp(issuer_agent)
    http = HttpClient()
    with time_machine.travel(T0, tick=False):
        after_password = http.post(
            reverse("accounts:login"),
            {"email": issuer_agent.email, "password": PASSWORD, "next": BACKOFFICE},
        )
        before_code = http.get(BACKOFFICE)

        after_code = http.post(reverse("accounts:login_code"), {"code": totp_code(at=T0)})
        backoffice = http.get(BACKOFFICE)

    assert after_password["Location"] == reverse("accounts:login_code")
    assert before_code.status_code == 302
    assert after_code["Location"] == BACKOFFICE
    assert backoffice.status_code == 200


def test_a_staff_session_without_the_verified_code_is_asked_for_it(issuer_agent) -> None:
    http = signed_in_without_code(issuer_agent)

    response = http.get(BACKOFFICE)
    with time_machine.travel(T0, tick=False):
        verified = http.post(reverse("accounts:login_code"), {"code": totp_code(at=T0)})

    assert response["Location"] == reverse("accounts:login_code")
    assert verified.status_code == 302
    assert http.get(BACKOFFICE).status_code == 200


def test_the_backoffice_itself_refuses_an_unverified_session(rf, issuer_agent) -> None:
    from django.contrib.sessions.backends.db import SessionStore

    from titresto.backoffice.site import backoffice_site

    with_totp(issuer_agent)
    request = rf.get(BACKOFFICE)
    request.user = issuer_agent
    request.session = SessionStore()

    assert backoffice_site.has_permission(request) is False


def test_staff_with_a_verified_second_factor_use_the_backoffice(issuer_agent, signed_in) -> None:
    with_totp(issuer_agent)
    http = second_factor_verified(signed_in(issuer_agent))

    response = http.get(BACKOFFICE)

    assert response.status_code == 200


def test_anonymous_visitors_of_the_backoffice_go_through_our_login(client) -> None:
    response = client.get(BACKOFFICE, follow=True)

    assert response.redirect_chain[-1][0] == f"{reverse('accounts:login')}?next={BACKOFFICE}"
    assert "Connexion à votre Espace Client" in response.content.decode()


def test_the_admins_own_login_form_is_never_shown(client) -> None:
    response = client.get(reverse("backoffice:login"), {"next": "https://evil.example/"})

    assert response["Location"] == f"{reverse('accounts:login')}?next={BACKOFFICE}"


def test_a_manager_is_refused_the_backoffice(client_admin, signed_in) -> None:
    response = signed_in(client_admin).get(BACKOFFICE, follow=True)

    assert response.status_code == 403
