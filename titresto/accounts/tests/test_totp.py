"""TOTP: enrolment on « Sécurité de mon compte », the second step at login, replay, disabling."""

import datetime as dt
import html

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client as HttpClient
from django.urls import reverse

from conftest import PASSWORD
from tests.factories import TOTP_SECRET, totp_code, with_totp
from titresto.accounts.models import User
from titresto.accounts.security import totp
from titresto.accounts.security.login import PENDING_SESSION_KEY, SECOND_FACTOR_SESSION_KEY
from titresto.core.models import AuditEvent

pytestmark = pytest.mark.django_db

# Near the real time, 10 s into a 30 s step: sessions opened before or during the travel stay valid.
T0 = dt.datetime.now(dt.UTC).replace(second=10, microsecond=0)
LOGIN = reverse("accounts:login")
LOGIN_CODE = reverse("accounts:login_code")


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    cache.clear()


def sign_in(http: HttpClient, email: str, password: str = PASSWORD):  # type: ignore[no-untyped-def]
    return http.post(LOGIN, {"email": email, "password": password})


def text(response) -> str:  # type: ignore[no-untyped-def]
    return html.unescape(response.content.decode())


def signed_in_user_id(http: HttpClient) -> int | None:
    value = http.session.get("_auth_user_id")
    return int(value) if value else None


# --- enrolment ----------------------------------------------------------------------------------


def test_enrolment_shows_a_qr_code_and_the_secret_then_a_code_turns_it_on(
    client_admin, signed_in
) -> None:
    http = signed_in(client_admin)

    started = http.post(reverse("accounts:totp_start"))
    page = http.get(reverse("accounts:totp_enrol")).content.decode()
    user = User.objects.get(pk=client_admin.user.pk)
    with time_machine.travel(T0, tick=False):
        confirmed = http.post(
            reverse("accounts:totp_enrol"), {"code": totp_code(user.totp_secret, at=T0)}
        )

    assert started["Location"] == reverse("accounts:totp_enrol")
    assert 'src="data:image/svg+xml;base64,' in page
    assert totp.grouped(user.totp_secret) in page
    assert "style=" not in page and "<script>" not in page
    assert confirmed["Location"] == reverse("accounts:security")
    user.refresh_from_db()
    assert user.has_totp
    assert user.totp_confirmed_at == T0
    assert http.session[SECOND_FACTOR_SESSION_KEY] is True
    assert AuditEvent.objects.filter(action="accounts.totp_enabled", actor_user=user).exists()


def test_a_wrong_enrolment_code_leaves_the_second_factor_off(client_admin, signed_in) -> None:
    http = signed_in(client_admin)
    http.post(reverse("accounts:totp_start"))

    response = http.post(reverse("accounts:totp_enrol"), {"code": "000000"})

    page = text(response)
    assert "Ce code n'est pas valable" in page
    assert 'id="id_code_error"' in page
    assert not User.objects.get(pk=client_admin.user.pk).has_totp


def test_a_malformed_code_is_explained_next_to_the_field(client_admin, signed_in) -> None:
    http = signed_in(client_admin)
    http.post(reverse("accounts:totp_start"))

    response = http.post(reverse("accounts:totp_enrol"), {"code": "12ab"})

    assert "Saisissez les 6 chiffres" in text(response)


def test_enrolment_cannot_restart_while_the_second_factor_is_on(client_admin, signed_in) -> None:
    with_totp(client_admin.user)
    http = signed_in(client_admin)

    http.post(reverse("accounts:totp_start"))

    assert User.objects.get(pk=client_admin.user.pk).totp_secret == TOTP_SECRET


# --- second step at login -----------------------------------------------------------------------


def test_a_totp_user_is_not_signed_in_until_the_code_is_given(client_admin) -> None:
    with_totp(client_admin.user)
    http = HttpClient()

    with time_machine.travel(T0, tick=False):
        after_password = sign_in(http, client_admin.user.email)
        pending_session = dict(http.session)
        blocked = http.get(reverse("portal:dashboard"))
        after_code = http.post(LOGIN_CODE, {"code": totp_code(at=T0)})

    assert after_password["Location"] == LOGIN_CODE
    assert "_auth_user_id" not in pending_session
    assert pending_session[PENDING_SESSION_KEY]["user_id"] == client_admin.user.pk
    assert blocked.status_code == 302
    assert after_code["Location"] == reverse("portal:dashboard")
    assert signed_in_user_id(http) == client_admin.user.pk
    assert http.session[SECOND_FACTOR_SESSION_KEY] is True
    assert PENDING_SESSION_KEY not in http.session


def test_the_code_page_is_french_and_asks_for_a_one_time_code(client_admin) -> None:
    with_totp(client_admin.user)
    http = HttpClient()
    sign_in(http, client_admin.user.email)

    page = http.get(LOGIN_CODE).content.decode()

    assert "Code de vérification" in page
    assert 'autocomplete="one-time-code"' in page and 'inputmode="numeric"' in page


def test_a_wrong_code_is_refused(client_admin) -> None:
    with_totp(client_admin.user)
    http = HttpClient()
    with time_machine.travel(T0, tick=False):
        sign_in(http, client_admin.user.email)

        response = http.post(LOGIN_CODE, {"code": "000000"})

    assert "Ce code n'est pas valable" in text(response)
    assert signed_in_user_id(http) is None


def test_a_code_from_the_previous_step_is_accepted_for_clock_drift(client_admin) -> None:
    with_totp(client_admin.user)
    http = HttpClient()
    with time_machine.travel(T0, tick=False):
        sign_in(http, client_admin.user.email)

        http.post(LOGIN_CODE, {"code": totp_code(at=T0 - dt.timedelta(seconds=30))})

    assert signed_in_user_id(http) == client_admin.user.pk


def test_a_replayed_code_is_refused(client_admin) -> None:
    with_totp(client_admin.user)
    first, second = HttpClient(), HttpClient()
    with time_machine.travel(T0, tick=False):
        code = totp_code(at=T0)
        sign_in(first, client_admin.user.email)
        first.post(LOGIN_CODE, {"code": code})
        sign_in(second, client_admin.user.email)

        response = second.post(LOGIN_CODE, {"code": code})

    assert signed_in_user_id(first) == client_admin.user.pk
    assert "Ce code n'est pas valable" in text(response)
    assert signed_in_user_id(second) is None


def test_an_older_code_than_the_last_used_is_refused_too(client_admin) -> None:
    with_totp(client_admin.user)
    first, second = HttpClient(), HttpClient()
    with time_machine.travel(T0, tick=False):
        sign_in(first, client_admin.user.email)
        first.post(LOGIN_CODE, {"code": totp_code(at=T0)})
        sign_in(second, client_admin.user.email)

        second.post(LOGIN_CODE, {"code": totp_code(at=T0 - dt.timedelta(seconds=30))})

    assert signed_in_user_id(second) is None


def test_the_pending_step_expires(client_admin) -> None:
    with_totp(client_admin.user)
    http = HttpClient()
    with time_machine.travel(T0, tick=False):
        sign_in(http, client_admin.user.email)
    later = T0 + dt.timedelta(minutes=6)

    with time_machine.travel(later, tick=False):
        response = http.post(LOGIN_CODE, {"code": totp_code(at=later)})

    assert response["Location"] == LOGIN
    assert signed_in_user_id(http) is None
    assert PENDING_SESSION_KEY not in http.session


def test_code_attempts_are_throttled_like_passwords(client_admin, settings) -> None:
    settings.LOGIN_FAILURES_PER_ACCOUNT = 3
    with_totp(client_admin.user)
    http = HttpClient()
    with time_machine.travel(T0, tick=False):
        sign_in(http, client_admin.user.email)  # 1 attempt
        http.post(LOGIN_CODE, {"code": "000000"})  # 2
        http.post(LOGIN_CODE, {"code": "111111"})  # 3

        response = http.post(LOGIN_CODE, {"code": totp_code(at=T0)})

    assert "Trop de tentatives" in text(response)
    assert signed_in_user_id(http) is None


def test_the_code_page_without_a_pending_login_goes_back_to_the_password(client) -> None:
    response = client.get(LOGIN_CODE)

    assert response["Location"] == LOGIN


def test_next_survives_the_second_step(client_admin) -> None:
    with_totp(client_admin.user)
    http = HttpClient()
    with time_machine.travel(T0, tick=False):
        http.post(
            LOGIN,
            {"email": client_admin.user.email, "password": PASSWORD, "next": "/compte/securite/"},
        )

        response = http.post(LOGIN_CODE, {"code": totp_code(at=T0)})

    assert response["Location"] == "/compte/securite/"


# --- disabling ----------------------------------------------------------------------------------


def test_a_manager_disables_the_second_factor_with_password_and_code(
    client_admin, signed_in
) -> None:
    with_totp(client_admin.user)
    http = signed_in(client_admin)

    with time_machine.travel(T0, tick=False):
        response = http.post(
            reverse("accounts:totp_disable"),
            {"password": PASSWORD, "code": totp_code(at=T0)},
        )

    assert response["Location"] == reverse("accounts:security")
    user = User.objects.get(pk=client_admin.user.pk)
    assert not user.has_totp and user.totp_secret == ""
    assert AuditEvent.objects.filter(action="accounts.totp_disabled").exists()


@pytest.mark.parametrize(
    ("password", "right_code", "message"),
    [
        ("mauvais mot de passe", True, "Mot de passe incorrect"),
        (PASSWORD, False, "Ce code n'est pas valable"),
    ],
)
def test_disabling_needs_both_the_password_and_a_code(
    client_admin, signed_in, password, right_code, message
) -> None:
    with_totp(client_admin.user)
    http = signed_in(client_admin)

    with time_machine.travel(T0, tick=False):
        response = http.post(
            reverse("accounts:totp_disable"),
            {"password": password, "code": totp_code(at=T0) if right_code else "000000"},
        )

    assert message in text(response)
    assert User.objects.get(pk=client_admin.user.pk).has_totp


def test_staff_cannot_disable_their_second_factor(issuer_agent, signed_in) -> None:
    from tests.factories import second_factor_verified

    with_totp(issuer_agent)
    http = second_factor_verified(signed_in(issuer_agent))

    with time_machine.travel(T0, tick=False):
        response = http.post(
            reverse("accounts:totp_disable"), {"password": PASSWORD, "code": totp_code(at=T0)}
        )

    assert "obligatoire pour les agents" in text(response)
    assert User.objects.get(pk=issuer_agent.pk).has_totp
