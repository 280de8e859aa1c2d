"""Login throttling: per account and per address, short, and never a lock-out of the real user."""

import datetime as dt

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client as HttpClient
from django.test import RequestFactory
from django.urls import reverse

from conftest import PASSWORD
from tests.factories import UserFactory
from titresto.accounts.security import throttling

pytestmark = pytest.mark.django_db

LOGIN = reverse("accounts:login")
T0 = dt.datetime(2031, 3, 3, 9, 0, tzinfo=dt.UTC)
THROTTLED = "Trop de tentatives de connexion"


@pytest.fixture(autouse=True)
def _small_limits(settings):  # type: ignore[no-untyped-def]
    settings.LOGIN_FAILURES_PER_ACCOUNT = 3
    settings.LOGIN_FAILURES_PER_IP = 5
    settings.LOGIN_THROTTLE_MINUTES = 15
    cache.clear()


def browser(ip: str = "203.0.113.7") -> HttpClient:
    return HttpClient(REMOTE_ADDR=ip)


def sign_in(http: HttpClient, email: str, password: str = PASSWORD):  # type: ignore[no-untyped-def]
    return http.post(LOGIN, {"email": email, "password": password})


def fail(http: HttpClient, email: str, times: int) -> None:
    for _ in range(times):
        sign_in(http, email, "mauvais mot de passe")


def test_an_account_is_throttled_after_its_limit_of_failures(client_admin) -> None:
    attacker = browser("198.51.100.1")
    with time_machine.travel(T0, tick=False):
        fail(attacker, client_admin.user.email, 3)

        response = sign_in(attacker, client_admin.user.email)

    assert THROTTLED in response.content.decode()
    assert "attendez 15 minutes" in response.content.decode()
    assert "_auth_user_id" not in attacker.session


def test_a_throttled_attempt_does_not_even_check_the_password(client_admin, monkeypatch) -> None:
    checked: list[str] = []
    from titresto.accounts.security import login as flow

    real_authenticate = flow.authenticate
    monkeypatch.setattr(
        flow, "authenticate", lambda *a, **kw: checked.append("x") or real_authenticate(*a, **kw)
    )
    attacker = browser()
    with time_machine.travel(T0, tick=False):
        fail(attacker, client_admin.user.email, 3)
        checked.clear()

        sign_in(attacker, client_admin.user.email)

    assert checked == []


def test_the_lock_expires_with_the_window(client_admin) -> None:
    attacker = browser("198.51.100.1")
    with time_machine.travel(T0, tick=False):
        fail(attacker, client_admin.user.email, 3)
    owner = browser("192.0.2.44")

    with time_machine.travel(T0 + dt.timedelta(minutes=14), tick=False):
        still_locked = sign_in(owner, client_admin.user.email)
    with time_machine.travel(T0 + dt.timedelta(minutes=15, seconds=1), tick=False):
        unlocked = sign_in(owner, client_admin.user.email)

    assert THROTTLED in still_locked.content.decode()
    assert "attendez 1 minute " in still_locked.content.decode()
    assert unlocked.status_code == 302


def test_refused_attempts_do_not_extend_the_lock(client_admin) -> None:
    attacker = browser()
    with time_machine.travel(T0, tick=False):
        fail(attacker, client_admin.user.email, 3)
    for minute in range(1, 15):
        with time_machine.travel(T0 + dt.timedelta(minutes=minute), tick=False):
            fail(attacker, client_admin.user.email, 1)

    with time_machine.travel(T0 + dt.timedelta(minutes=15, seconds=1), tick=False):
        response = sign_in(browser("192.0.2.44"), client_admin.user.email)

    assert response.status_code == 302


def test_unknown_addresses_are_throttled_the_same_way(db) -> None:
    attacker = browser()
    with time_machine.travel(T0, tick=False):
        fail(attacker, "personne@example.com", 3)

        response = sign_in(attacker, "personne@example.com")

    assert THROTTLED in response.content.decode()


def test_the_account_limit_counts_the_email_whatever_its_case(client_admin) -> None:
    attacker = browser()
    email = client_admin.user.email
    with time_machine.travel(T0, tick=False):
        fail(attacker, email.upper(), 2)
        fail(attacker, email, 1)

        response = sign_in(attacker, email)

    assert THROTTLED in response.content.decode()


def test_one_address_is_throttled_across_accounts(db) -> None:
    victims = [UserFactory() for _ in range(6)]
    attacker = browser("198.51.100.9")
    with time_machine.travel(T0, tick=False):
        for victim in victims[:5]:
            fail(attacker, victim.email, 1)

        from_attacker = sign_in(attacker, victims[5].email)
        from_elsewhere = sign_in(browser("192.0.2.44"), victims[5].email)

    assert THROTTLED in from_attacker.content.decode()
    assert from_elsewhere.status_code == 302


def test_a_success_forgives_the_accounts_own_failures(client_admin) -> None:
    owner = browser()
    with time_machine.travel(T0, tick=False):
        fail(owner, client_admin.user.email, 2)
        assert sign_in(owner, client_admin.user.email).status_code == 302
        owner.post(reverse("accounts:logout"))
        fail(browser("192.0.2.99"), client_admin.user.email, 2)

        response = sign_in(browser("192.0.2.99"), client_admin.user.email)

    assert response.status_code == 302


def test_a_success_forgives_the_address_only_its_own_account(db) -> None:
    colleague, other_victims = UserFactory(), [UserFactory() for _ in range(4)]
    office = browser("192.0.2.10")
    with time_machine.travel(T0, tick=False):
        fail(office, colleague.email, 2)
        for victim in other_victims[:2]:
            fail(office, victim.email, 1)
        assert sign_in(office, colleague.email).status_code == 302
        office.post(reverse("accounts:logout"))
        fail(office, other_victims[2].email, 3)

        response = sign_in(office, other_victims[3].email)

    # 2 + 3 failures on other accounts remain: the address has reached its limit of 5.
    assert THROTTLED in response.content.decode()


def test_the_owners_usual_browser_gets_in_while_the_account_is_under_attack(client_admin) -> None:
    owner = browser("192.0.2.44")
    with time_machine.travel(T0, tick=False):
        assert sign_in(owner, client_admin.user.email).status_code == 302
        owner.post(reverse("accounts:logout"))
        fail(browser("198.51.100.1"), client_admin.user.email, 3)
        assert (
            THROTTLED in sign_in(browser("198.51.100.2"), client_admin.user.email).content.decode()
        )

        response = sign_in(owner, client_admin.user.email)

    assert response.status_code == 302


def test_a_known_browser_is_still_throttled_on_its_own_failures(client_admin) -> None:
    owner = browser()
    with time_machine.travel(T0, tick=False):
        assert sign_in(owner, client_admin.user.email).status_code == 302
        owner.post(reverse("accounts:logout"))
        fail(owner, client_admin.user.email, 3)

        response = sign_in(owner, client_admin.user.email)

    assert THROTTLED in response.content.decode()


def test_a_forged_device_cookie_is_ignored(client_admin) -> None:
    attacker = browser()
    attacker.cookies[throttling.DEVICE_COOKIE_NAME] = "faux"
    with time_machine.travel(T0, tick=False):
        fail(attacker, client_admin.user.email, 3)

        response = sign_in(attacker, client_admin.user.email)

    assert THROTTLED in response.content.decode()


def test_a_password_reset_lifts_the_account_lock(client_admin) -> None:
    with time_machine.travel(T0, tick=False):
        fail(browser("198.51.100.1"), client_admin.user.email, 3)

        throttling.forgive_account(client_admin.user.email)
        response = sign_in(browser("192.0.2.44"), client_admin.user.email)

    assert response.status_code == 302


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "1.1.1.1", "10.0.0.1"),
        (1, "1.1.1.1", "1.1.1.1"),
        (1, "6.6.6.6, 1.1.1.1", "1.1.1.1"),
        (2, "6.6.6.6, 1.1.1.1, 10.0.0.2", "1.1.1.1"),
        (2, "1.1.1.1", "10.0.0.1"),
        (1, "pas-une-adresse", "10.0.0.1"),
    ],
)
def test_the_client_address_trusts_only_our_own_proxies(
    settings, proxies, forwarded, expected
) -> None:
    settings.TRUSTED_PROXY_COUNT = proxies
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)

    assert throttling.client_ip(request) == expected


def test_ipv6_addresses_of_one_network_share_a_bucket() -> None:
    assert throttling.address_bucket("2001:db8:1:2::1") == throttling.address_bucket(
        "2001:db8:1:2:ffff::9"
    )
    assert throttling.address_bucket("2001:db8:1:2::1") != throttling.address_bucket(
        "2001:db8:1:3::1"
    )
