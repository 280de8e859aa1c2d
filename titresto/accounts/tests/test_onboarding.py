import re
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone

from titresto.accounts.models import ActivationInvitation, Membership, User
from titresto.accounts.services.activation import token_hash
from titresto.accounts.services.onboarding import client_onboard
from titresto.accounts.tests.activation_helpers import onboard
from titresto.clients.models import Client, Contact, Contract
from titresto.clients.services import ClientDataInvalid, ContractTerms
from titresto.core.capabilities import Profile
from titresto.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_onboarding_creates_the_client_its_contract_its_contact_and_an_inactive_access() -> None:
    onboarding = onboard(email="Sophie.Martin@Boulangerie.example")

    client = Client.objects.get()
    assert re.fullmatch(r"[1-9]\d{7}", client.client_number)
    assert client.siret == "63456789500012"
    assert client.vat_number == client.default_vat_number()
    assert client.city == "LYON"
    contract = Contract.objects.get(client=client)
    assert re.fullmatch(r"CT\d{8}", contract.contract_number)
    assert contract.status == Contract.Status.ACTIVE
    assert (contract.face_value_min_cents, contract.face_value_max_cents) == (500, 1500)
    assert contract.face_value_default_cents == 1000
    assert (contract.card_fee_cents, contract.delivery_fee_cents) == (500, 1200)
    assert contract.home_delivery_fee_cents == 350
    contact = Contact.objects.get(client=client)
    assert (contact.role, contact.email) == (
        Contact.Role.MAIN_MANAGER,
        "sophie.martin@boulangerie.example",
    )
    manager = User.objects.get()
    assert manager.email == "sophie.martin@boulangerie.example"
    assert not manager.has_usable_password()
    membership = Membership.objects.get()
    assert (membership.profile, membership.is_active) == (Profile.ADMINISTRATEUR, False)
    assert onboarding.invitation.membership == membership
    assert onboarding.activation_url.startswith("http://127.0.0.1:8000/compte/activer/")


def test_onboarding_writes_audit_events() -> None:
    onboard()

    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"client.created", "contract.created", "user.created", "membership.created"} <= actions
    assert "activation.link_sent" in actions


def test_the_invitation_keeps_only_a_hash_of_the_token() -> None:
    onboarding = onboard()

    row = ActivationInvitation.objects.values().get()
    assert onboarding.issued.token not in str(row)
    assert row["token_hash"] == token_hash(onboarding.issued.token)
    assert onboarding.issued.token in onboarding.activation_url


def test_a_person_who_already_manages_a_client_is_reused_not_duplicated(client_admin) -> None:
    onboarding = onboard(email=client_admin.user.email.upper())

    assert onboarding.manager == client_admin.user
    assert User.objects.filter(email__iexact=client_admin.user.email).count() == 1
    assert onboarding.manager.has_usable_password()  # their password stays theirs


def test_client_and_contract_numbers_are_unique_even_when_a_draw_collides(monkeypatch) -> None:
    first = onboard()
    draws = iter([first.client.client_number, "12345678"])
    monkeypatch.setattr("titresto.clients.services.client_number_generate", lambda: next(draws))

    second = onboard(email="autre@example.com", legal_name="Autre", siret="41234567000019")

    assert second.client.client_number == "12345678"
    assert second.contract.contract_number != first.contract.contract_number


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"siret": "63456789500013"}, "siret"),
        ({"siret": "1234"}, "siret"),
        ({"legal_name": "  "}, "legal_name"),
        ({"manager_email": "pas-une-adresse"}, "manager_email"),
        (
            {"terms": ContractTerms(employer_share_default=Decimal(45))},
            "employer_share_default",
        ),
        ({"terms": ContractTerms(face_value_default_cents=2000)}, "face_value_default"),
    ],
)
def test_bad_input_is_refused_with_a_french_message_and_nothing_is_written(changes, field) -> None:
    arguments = {
        "legal_name": "Boulangerie Martin",
        "siret": "63456789500012",
        "manager_email": "sophie@example.com",
        "actor_user": None,
        "now": timezone.now(),
        "send_mail": False,
        **changes,
    }

    with pytest.raises(ClientDataInvalid) as refused:
        client_onboard(**arguments)

    assert refused.value.field == field
    assert str(refused.value.user_message)
    for model in (Client, Contract, Contact, User, Membership, ActivationInvitation, AuditEvent):
        assert not model.objects.exists()


def test_an_issuer_agent_address_cannot_become_a_client_manager(issuer_agent) -> None:
    with pytest.raises(ClientDataInvalid):
        onboard(email=issuer_agent.email)

    assert not Client.objects.exists()


def test_the_activation_email_is_sent_after_commit(django_capture_on_commit_callbacks) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        onboarding = onboard_with_mail()

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["gestionnaire@boulangerie.example"]
    assert "Activer mon compte" in message.subject
    assert onboarding.activation_url in message.body
    assert onboarding.client.client_number in message.body
    assert onboarding.contract.contract_number in message.body
    assert "48 heures" in message.body
    assert "Bonjour Sophie" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert onboarding.activation_url in html
    assert onboarding.client.client_number in html and onboarding.contract.contract_number in html
    assert '<html lang="fr">' in html
    assert "Titresto" in html  # the issuer's brand from settings


def test_the_email_carries_the_issuer_brand_from_settings(
    settings, django_capture_on_commit_callbacks
) -> None:
    settings.ISSUER = {**settings.ISSUER, "name": "Repas Plus"}

    with django_capture_on_commit_callbacks(execute=True):
        onboard_with_mail()

    assert "Repas Plus" in mail.outbox[0].subject
    assert "Repas Plus" in mail.outbox[0].alternatives[0][0]


def test_the_mail_task_sends_once_and_never_for_a_dead_link(
    django_capture_on_commit_callbacks,
) -> None:
    from titresto.accounts.tasks import send_activation_email

    with django_capture_on_commit_callbacks(execute=True):
        onboarding = onboard_with_mail()
    invitation_id, token = onboarding.invitation.pk, onboarding.issued.token

    send_activation_email(invitation_id=invitation_id, token=token)  # redelivered
    send_activation_email(invitation_id=invitation_id, token="forged" * 8)

    assert len(mail.outbox) == 1


def test_a_person_managing_another_client_is_told_to_use_their_password(
    client_admin, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        onboard_with_mail(email=client_admin.user.email)

    assert "mot de passe que vous utilisez déjà" in mail.outbox[0].body


def onboard_with_mail(email: str = "gestionnaire@boulangerie.example"):
    return client_onboard(
        legal_name="Boulangerie Martin",
        siret="63456789500012",
        manager_email=email,
        manager_first_name="Sophie",
        manager_last_name="Martin",
        actor_user=None,
        now=timezone.now(),
    )
