"""Onboarding by the issuer: a signed client, its contract and its first manager, who is invited."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from titresto.accounts.models import ActivationInvitation, Membership, User
from titresto.accounts.services.activation import IssuedInvitation, invitation_issue
from titresto.clients.models import Client, Contract
from titresto.clients.services import (
    Address,
    ClientDataInvalid,
    ContractTerms,
    Person,
    client_create,
    person_check,
)
from titresto.core.audit import audit_record
from titresto.core.capabilities import Profile


@dataclass(frozen=True)
class Onboarding:
    client: Client
    contract: Contract
    manager: User
    membership: Membership
    issued: IssuedInvitation

    @property
    def invitation(self) -> ActivationInvitation:
        return self.issued.invitation

    @property
    def activation_url(self) -> str:
        return self.issued.url


def _manager_for(person: Person, *, actor_user: Any | None, now: dt.datetime) -> User:
    """The person's account: reused when they already manage another client, else created
    without a usable password (they choose it on the activation page)."""
    user = User.objects.filter(email__iexact=person.email).first()
    if user is not None:
        if user.is_staff or not user.is_active:
            raise ClientDataInvalid(
                _(
                    "Cette adresse appartient à un compte qui ne peut pas gérer de client "
                    "(agent de l'émetteur ou compte désactivé) : saisissez l'adresse du gestionnaire."
                ),
                field="manager_email",
            )
        return user
    user = User.objects.create_user(
        person.email, password=None, first_name=person.first_name, last_name=person.last_name
    )
    audit_record(
        actor_user=actor_user,
        action="user.created",
        now=now,
        target=user,
        data={"email": user.email},
    )
    return user


@transaction.atomic
def client_onboard(
    *,
    legal_name: str,
    siret: str,
    manager_email: str,
    manager_first_name: str = "",
    manager_last_name: str = "",
    address: Address | None = None,
    terms: ContractTerms | None = None,
    signed_date: dt.date | None = None,
    actor_user: Any | None,
    now: dt.datetime,
    send_mail: bool = True,
) -> Onboarding:
    """Creates the client, its contract, its main manager contact and the manager's access
    (inactive until activated), and e-mails « Activer mon compte » after commit."""
    person = person_check(
        Person(email=manager_email, first_name=manager_first_name, last_name=manager_last_name)
    )
    contract = client_create(
        legal_name=legal_name,
        siret=siret,
        address=address or Address(),
        terms=terms or ContractTerms(),
        signed_date=signed_date or now.date(),
        main_manager=person,
        actor_user=actor_user,
        now=now,
    )
    client = contract.client
    manager = _manager_for(person, actor_user=actor_user, now=now)
    membership = Membership.objects.create(
        user=manager,
        client=client,
        profile=Profile.ADMINISTRATEUR,
        is_active=False,
        created_at=now,
    )
    audit_record(
        actor_user=actor_user,
        action="membership.created",
        now=now,
        client=client,
        target=membership,
        data={"email": manager.email, "profile": membership.profile},
    )
    issued = invitation_issue(
        membership=membership, actor_user=actor_user, now=now, send_mail=send_mail
    )
    return Onboarding(
        client=client, contract=contract, manager=manager, membership=membership, issued=issued
    )
