"""Back-office: « Réinitialiser la double authentification » for someone who lost their phone."""

import html

import pytest
from django.core.cache import cache
from django.test import Client as HttpClient
from django.urls import reverse

from conftest import PASSWORD
from tests.factories import UserFactory, with_totp
from titresto.accounts.models import User
from titresto.core.models import AuditEvent

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("backoffice:accounts_user_changelist")


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    cache.clear()


@pytest.fixture
def other_agent() -> User:
    return with_totp(UserFactory(is_staff=True, is_superuser=True))


def reset(http: HttpClient, *users: User):  # type: ignore[no-untyped-def]
    return http.post(
        CHANGELIST,
        {"action": "reset_second_factor", "_selected_action": [user.pk for user in users]},
        follow=True,
    )


def text(response) -> str:  # type: ignore[no-untyped-def]
    return html.unescape(response.content.decode())


def test_the_action_is_offered_on_the_users_list(issuer_agent, signed_in) -> None:
    page = text(signed_in(issuer_agent).get(CHANGELIST))

    assert "Réinitialiser la double authentification" in page


def test_an_agent_resets_another_users_second_factor(
    issuer_agent, other_agent, client_admin, signed_in
) -> None:
    with_totp(client_admin.user)

    response = reset(signed_in(issuer_agent), other_agent, client_admin.user)

    assert response.status_code == 200
    assert "2 doubles authentifications réinitialisées" in text(response)
    assert not User.objects.get(pk=other_agent.pk).has_totp
    assert User.objects.get(pk=client_admin.user.pk).totp_secret == ""
    events = AuditEvent.objects.filter(action="accounts.totp_reset", actor_user=issuer_agent)
    assert {event.target_id for event in events} == {
        str(other_agent.pk),
        str(client_admin.user.pk),
    }


def test_a_reset_agent_is_sent_to_enrolment_at_next_sign_in(
    issuer_agent, other_agent, signed_in
) -> None:
    reset(signed_in(issuer_agent), other_agent)
    http = HttpClient()

    signed_in_response = http.post(
        reverse("accounts:login"), {"email": other_agent.email, "password": PASSWORD}
    )
    landing = http.get(signed_in_response["Location"])

    assert landing["Location"] == reverse("accounts:totp_enrol")


def test_an_agent_cannot_reset_their_own_second_factor(
    issuer_agent, other_agent, signed_in
) -> None:
    response = reset(signed_in(issuer_agent), issuer_agent, other_agent)

    page = text(response)
    assert "Vous ne pouvez pas réinitialiser votre propre double authentification" in page
    assert "Aucune double authentification n'a été réinitialisée" in page
    assert User.objects.get(pk=issuer_agent.pk).has_totp
    assert User.objects.get(pk=other_agent.pk).has_totp
    assert not AuditEvent.objects.filter(action="accounts.totp_reset").exists()


def test_nothing_to_reset_is_said_plainly(issuer_agent, client_admin, signed_in) -> None:
    response = reset(signed_in(issuer_agent), client_admin.user)

    assert "Rien à réinitialiser" in text(response)


def test_a_manager_cannot_reach_the_action(client_admin, other_agent, signed_in) -> None:
    response = reset(signed_in(client_admin), other_agent)

    assert response.status_code == 403
    assert User.objects.get(pk=other_agent.pk).has_totp
    assert not AuditEvent.objects.filter(action="accounts.totp_reset").exists()


def test_an_agent_without_the_right_to_change_users_cannot_reset(other_agent, signed_in) -> None:
    limited_agent = with_totp(UserFactory(is_staff=True, is_superuser=False))

    response = reset(signed_in(limited_agent), other_agent)

    assert response.status_code == 403
    assert User.objects.get(pk=other_agent.pk).has_totp


def test_the_second_factor_is_shown_but_never_edited_by_hand(
    issuer_agent, other_agent, signed_in
) -> None:
    http = signed_in(issuer_agent)

    listing = text(http.get(CHANGELIST))
    change_page = text(http.get(reverse("backoffice:accounts_user_change", args=[other_agent.pk])))

    assert "Double authentification" in listing and "Activée le" in listing
    assert "Activée le" in change_page
    assert 'name="totp_confirmed_at' not in change_page
    assert 'name="totp_secret"' not in change_page


def test_the_admins_password_form_gives_way_to_the_portals_throttled_one(
    issuer_agent, signed_in
) -> None:
    response = signed_in(issuer_agent).get(reverse("backoffice:password_change"))

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:security")
