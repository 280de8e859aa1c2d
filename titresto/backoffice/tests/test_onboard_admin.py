"""The back-office's « Nouveau client » form and « Renvoyer le lien d'activation »."""

import pytest
from django.core import mail
from django.test import Client as HttpClient
from django.urls import reverse

from titresto.accounts.models import ActivationInvitation, Membership, User
from titresto.accounts.security.login import SECOND_FACTOR_SESSION_KEY
from titresto.accounts.tests.activation_helpers import onboard
from titresto.clients.models import Client, Contact, Contract
from titresto.core.models import AuditEvent

pytestmark = pytest.mark.django_db
ADD_URL = reverse("backoffice:clients_client_add")


@pytest.fixture
def backoffice(issuer_agent) -> HttpClient:
    http = HttpClient()
    http.force_login(issuer_agent)
    session = http.session
    session[SECOND_FACTOR_SESSION_KEY] = True
    session.save()
    return http


def form_data(**changes: str) -> dict[str, str]:
    data = {
        "legal_name": "Boulangerie Martin",
        "siret": "634 567 895 00012",
        "address_line1": "8 place Bellecour",
        "address_line2": "",
        "postcode": "69002",
        "city": "Lyon",
        "signed_date": "02/11/2026",
        "face_value_min": "5,00",
        "face_value_max": "15,00",
        "face_value_default": "10,00",
        "employer_share_default": "60",
        "commission_rate": "1,5",
        "commission_min": "5,00",
        "card_fee": "5,00",
        "delivery_fee": "12,00",
        "home_delivery_fee": "3,50",
        "manager_email": "sophie@bm.example",
        "manager_first_name": "Sophie",
        "manager_last_name": "Martin",
    }
    data.update(changes)
    return data


def test_the_form_is_french_with_sensible_defaults(backoffice) -> None:
    response = backoffice.get(ADD_URL)

    page = response.content.decode()
    assert response.status_code == 200
    assert "Nouveau client" in page and "Gestionnaire principal" in page
    assert 'value="10,00"' in page and 'value="12,00"' in page


def test_creating_a_client_sends_the_activation_email(
    backoffice, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = backoffice.post(ADD_URL, form_data(face_value_default="9,50"))

    client = Client.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("backoffice:clients_client_change", args=[client.pk])
    contract = Contract.objects.get()
    assert (contract.face_value_default_cents, contract.home_delivery_fee_cents) == (950, 350)
    assert str(contract.signed_date) == "2026-11-02"
    assert Membership.objects.get().user.email == "sophie@bm.example"
    assert len(mail.outbox) == 1 and client.client_number in mail.outbox[0].body
    assert AuditEvent.objects.filter(action="client.created", actor_user__is_staff=True).exists()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"siret": "63456789500013"}, "clé de contrôle"),
        ({"postcode": "6900"}, "5 chiffres"),
        ({"employer_share_default": "45"}, "50"),
        ({"face_value_default": "20,00"}, "comprise entre"),
        ({"manager_email": "pas-une-adresse"}, "adresse"),
    ],
)
def test_errors_are_shown_on_the_form_and_nothing_is_saved(backoffice, changes, message) -> None:
    response = backoffice.post(ADD_URL, form_data(**changes))

    assert response.status_code == 200
    assert message in response.content.decode()
    for model in (Client, Contract, Contact, Membership, ActivationInvitation):
        assert not model.objects.exists()


def test_a_staff_address_as_manager_is_an_error_on_the_form(backoffice, issuer_agent) -> None:
    response = backoffice.post(ADD_URL, form_data(manager_email=issuer_agent.email))

    assert response.status_code == 200
    assert "agent de l" in response.content.decode()
    assert not Client.objects.exists()


def test_a_manager_cannot_open_the_back_office(client_admin, signed_in) -> None:
    response = signed_in(client_admin).post(ADD_URL, form_data())

    assert response.status_code in (302, 403)
    assert not Client.objects.filter(legal_name="Boulangerie Martin").exists()


def test_resend_action_sends_a_new_link_and_burns_the_old(
    backoffice, django_capture_on_commit_callbacks
) -> None:
    onboarding = onboard()

    with django_capture_on_commit_callbacks(execute=True):
        response = backoffice.post(
            reverse("backoffice:clients_client_changelist"),
            {"action": "resend_activation_link", "_selected_action": [onboarding.client.pk]},
            follow=True,
        )

    assert "1 nouveau lien" in response.content.decode()
    assert len(mail.outbox) == 1
    old = ActivationInvitation.objects.get(pk=onboarding.invitation.pk)
    assert old.burned_at is not None
    assert ActivationInvitation.objects.filter(burned_at__isnull=True).count() == 1


def test_resend_does_nothing_for_an_activated_client(backoffice, client_admin, tenant) -> None:
    response = backoffice.post(
        reverse("backoffice:clients_client_changelist"),
        {"action": "resend_activation_link", "_selected_action": [tenant.pk]},
        follow=True,
    )

    assert "Aucun lien envoyé" in response.content.decode()
    assert not ActivationInvitation.objects.exists()
    assert User.objects.get(pk=client_admin.user.pk).has_usable_password()
