"""Reads of the tenant: its contract, its contacts, what « Mon compte » shows."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from titresto.clients.models import Client, Contact, Contract
from titresto.core.actors import Actor
from titresto.core.rules import NoRulesInForce, rules_at


def contract_active(*, client: Client) -> Contract | None:
    return client.contracts.filter(status=Contract.Status.ACTIVE).first()


def contact_list(*, client: Client) -> list[Contact]:
    return list(client.contacts.all())


@dataclass(frozen=True)
class ContactSlot:
    """One role of « Mes contacts », filled or not yet (only the main manager is set at onboarding)."""

    role: Contact.Role
    contact: Contact | None


@dataclass(frozen=True)
class Account:
    client: Client
    contract: Contract | None
    contacts: list[ContactSlot]
    # The VAT rate on fees in force today, for the fee schedule; None if no rule is in force.
    fee_vat_rate: Decimal | None


def account_detail(*, actor: Actor, today: dt.date) -> Account:
    """« Mon compte »: the actor's client, its active contract, one slot per contact role."""
    client = actor.client
    by_role = {contact.role: contact for contact in client.contacts.all()}
    try:
        fee_vat_rate: Decimal | None = rules_at(today).fee_vat_rate
    except NoRulesInForce:
        fee_vat_rate = None
    return Account(
        client=client,
        contract=contract_active(client=client),
        contacts=[ContactSlot(role, by_role.get(role)) for role in Contact.Role],
        fee_vat_rate=fee_vat_rate,
    )


def contact_for_role(*, actor: Actor, role: Contact.Role) -> Contact:
    """The client's contact for `role`, or a new unsaved one (version 0) to fill in."""
    contact = Contact.objects.filter(client=actor.client, role=role).first()
    return contact or Contact(client=actor.client, role=role, version=0)
