"""« Recevoir un nouveau lien » renews only an access that still has a live link."""

import datetime as dt

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from titresto.accounts.models import ActivationInvitation, Membership
from titresto.accounts.services.activation import (
    invitation_issue,
    invitation_renew_for_client,
    invitation_renew_for_email,
)
from titresto.accounts.tests.activation_helpers import activation_data, onboard

pytestmark = pytest.mark.django_db
START = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC)
EMAIL = "gestionnaire@boulangerie.example"


def _path(token: str) -> str:
    return reverse("accounts:activate", kwargs={"token": token})


def _ask_for_a_new_link(client, captured) -> None:
    with captured(execute=True):
        client.post(reverse("accounts:activation_request"), {"email": EMAIL})


def test_a_withdrawn_access_gets_no_fresh_link_from_its_replaced_one(
    client, django_capture_on_commit_callbacks
) -> None:
    """The issue's scenario: two links sent, the second used, the access later made inactive."""
    onboarding = onboard()
    second = invitation_issue(
        membership=onboarding.membership, actor_user=None, now=timezone.now(), send_mail=False
    )
    client.post(_path(second.token), activation_data(onboarding))
    client.logout()
    Membership.objects.filter(pk=onboarding.membership.pk).update(is_active=False)
    links_before = ActivationInvitation.objects.count()

    _ask_for_a_new_link(client, django_capture_on_commit_callbacks)

    assert mail.outbox == []
    assert ActivationInvitation.objects.count() == links_before
    assert not Membership.objects.get().is_active


def test_a_live_link_is_renewed_for_its_owner(client, django_capture_on_commit_callbacks) -> None:
    onboard()

    _ask_for_a_new_link(client, django_capture_on_commit_callbacks)

    assert [message.to for message in mail.outbox] == [[EMAIL]]


def test_an_expired_link_is_not_renewed_by_the_public_form() -> None:
    with time_machine.travel(START, tick=False):
        onboard(now=timezone.now())

    later = START + dt.timedelta(hours=settings.ACTIVATION_LINK_HOURS)
    assert invitation_renew_for_email(email=EMAIL, now=later) == 0
    assert ActivationInvitation.objects.count() == 1


def test_a_blocked_link_is_not_renewed_by_the_public_form(client) -> None:
    onboarding = onboard()
    wrong = activation_data(onboarding, client_number="00000000")
    for _try in range(settings.ACTIVATION_MAX_ATTEMPTS):
        client.post(_path(onboarding.issued.token), wrong)

    assert invitation_renew_for_email(email=EMAIL, now=timezone.now()) == 0


def test_the_blocked_and_expired_pages_send_the_person_to_the_service_clients(client) -> None:
    onboarding = onboard()
    wrong = activation_data(onboarding, client_number="00000000")
    for _try in range(settings.ACTIVATION_MAX_ATTEMPTS):
        response = client.post(_path(onboarding.issued.token), wrong)

    page = response.content.decode()
    assert response.status_code == 410 and "bloqué" in page
    assert settings.ISSUER["support_phone"] in page
    assert "Recevoir un nouveau lien" not in page


def test_the_issuers_staff_can_still_revive_an_expired_link(issuer_agent) -> None:
    with time_machine.travel(START, tick=False):
        onboarding = onboard(now=timezone.now())

    later = START + dt.timedelta(days=10)
    sent = invitation_renew_for_client(client=onboarding.client, actor_user=issuer_agent, now=later)

    assert sent == 1
    assert invitation_renew_for_email(email=EMAIL, now=later) == 1  # the new link is live


def test_the_issuers_staff_never_revive_a_withdrawn_access(client, issuer_agent) -> None:
    onboarding = onboard()
    client.post(_path(onboarding.issued.token), activation_data(onboarding))
    Membership.objects.filter(pk=onboarding.membership.pk).update(is_active=False)

    sent = invitation_renew_for_client(
        client=onboarding.client, actor_user=issuer_agent, now=timezone.now()
    )

    assert sent == 0
    assert ActivationInvitation.objects.count() == 1
