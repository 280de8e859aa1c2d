"""An issuer's agent resets someone's second factor (a lost phone); never their own."""

import datetime as dt

import pytest

from tests.factories import UserFactory, with_totp
from titresto.accounts.models import User
from titresto.accounts.security.services import TotpResetOwn, totp_reset
from titresto.core.models import AuditEvent

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 11, 2, 9, 30, tzinfo=dt.UTC)


def test_a_reset_clears_the_second_factor_and_is_audited(issuer_agent, client_admin) -> None:
    manager = with_totp(client_admin.user)
    manager.last_totp_step = 123
    manager.save(update_fields=["last_totp_step"])

    was_reset = totp_reset(user=manager, actor_user=issuer_agent, now=NOW)

    manager.refresh_from_db()
    assert was_reset is True
    assert (manager.totp_secret, manager.totp_confirmed_at, manager.last_totp_step) == (
        "",
        None,
        None,
    )
    assert not manager.has_totp
    event = AuditEvent.objects.get(action="accounts.totp_reset")
    assert event.actor_user == issuer_agent
    assert (event.target_type, event.target_id) == ("accounts.user", str(manager.pk))
    assert event.created_at == NOW


def test_a_half_done_enrolment_is_cleared_too(issuer_agent) -> None:
    other_agent = UserFactory(is_staff=True, totp_secret="JBSWY3DPEHPK3PXP")

    was_reset = totp_reset(user=other_agent, actor_user=issuer_agent, now=NOW)

    other_agent.refresh_from_db()
    assert was_reset is True
    assert other_agent.totp_secret == ""


def test_nobody_resets_their_own_second_factor(issuer_agent) -> None:
    with pytest.raises(TotpResetOwn) as refused:
        totp_reset(user=issuer_agent, actor_user=issuer_agent, now=NOW)

    assert refused.value.code == "totp_reset_own"
    assert "autre agent" in str(refused.value.user_message)
    assert User.objects.get(pk=issuer_agent.pk).has_totp
    assert not AuditEvent.objects.filter(action="accounts.totp_reset").exists()


def test_a_user_without_a_second_factor_is_left_alone(issuer_agent, client_admin) -> None:
    was_reset = totp_reset(user=client_admin.user, actor_user=issuer_agent, now=NOW)

    assert was_reset is False
    assert not AuditEvent.objects.filter(action="accounts.totp_reset").exists()
