"""Writes on the tenant: a client is created with its contract and its main manager contact;
its managers keep its contacts up to date once its first order is paid."""

import datetime as dt
import secrets
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from titresto.clients.models import ADDRESS_LINE_MAX, Client, Contact, Contract
from titresto.clients.validators import (
    normalize_siret,
    validate_postcode,
    validate_siret,
    vat_number_for_siren,
)
from titresto.core.actors import Actor
from titresto.core.audit import audit_record
from titresto.core.errors import DomainError
from titresto.core.numbering import create_with_unique_number
from titresto.core.versioning import apply_changes, check_version

# The seed's words, shown wherever a feature waits for the first paid order.
FIRST_ORDER_RESTRICTION = _(
    "Pour des raisons de sécurité certaines fonctionnalités ne sont pas disponibles lors de la "
    "première commande."
)


class ClientDataInvalid(DomainError):
    """Bad onboarding input, tied to the form field it concerns."""

    code = "client_data_invalid"


@dataclass(frozen=True)
class ContractTerms:
    """What the contract says about prices. Defaults are the issuer's standard offer."""

    face_value_min_cents: int = 500
    face_value_max_cents: int = 1500
    face_value_default_cents: int = 1000
    employer_share_default: Decimal = Decimal("60.00")
    commission_rate: Decimal = Decimal("1.50")
    commission_min_cents: int = 500
    card_fee_cents: int = 500
    delivery_fee_cents: int = 1200
    home_delivery_fee_cents: int = 350

    @classmethod
    def of(cls, contract: Contract) -> "ContractTerms":
        return cls(
            face_value_min_cents=contract.face_value_min_cents,
            face_value_max_cents=contract.face_value_max_cents,
            face_value_default_cents=contract.face_value_default_cents,
            employer_share_default=contract.employer_share_default,
            commission_rate=contract.commission_rate,
            commission_min_cents=contract.commission_min_cents,
            card_fee_cents=contract.card_fee_cents,
            delivery_fee_cents=contract.delivery_fee_cents,
            home_delivery_fee_cents=contract.home_delivery_fee_cents,
        )


@dataclass(frozen=True)
class Address:
    line1: str = ""
    line2: str = ""
    postcode: str = ""
    city: str = ""


@dataclass(frozen=True)
class Person:
    email: str
    first_name: str = ""
    last_name: str = ""


def contract_terms_check(terms: ContractTerms) -> None:
    """Raises ClientDataInvalid when the terms break a rule of DOMAIN.md."""
    if not (
        0
        < terms.face_value_min_cents
        <= terms.face_value_default_cents
        <= terms.face_value_max_cents
    ):
        raise ClientDataInvalid(
            _(
                "La valeur faciale par défaut doit être comprise entre la valeur minimale et la "
                "valeur maximale du contrat (ex. de 5,00 € à 15,00 €, 10,00 € par défaut)."
            ),
            field="face_value_default",
        )
    if not Decimal(50) <= terms.employer_share_default <= Decimal(60):
        raise ClientDataInvalid(
            _(  # xgettext:no-python-format
                "La part patronale doit être comprise entre 50 % et 60 % de la valeur faciale "
                "pour être exonérée : saisissez un pourcentage dans cet intervalle."
            ),
            field="employer_share_default",
        )
    if not Decimal(0) <= terms.commission_rate < Decimal(100):
        raise ClientDataInvalid(
            _("La commission est un pourcentage entre 0 et 100 (ex. 1,5)."),
            field="commission_rate",
        )
    fees = (
        terms.commission_min_cents,
        terms.card_fee_cents,
        terms.delivery_fee_cents,
        terms.home_delivery_fee_cents,
    )
    if any(fee < 0 for fee in fees):
        raise ClientDataInvalid(_("Les frais ne peuvent pas être négatifs : saisissez 0 ou plus."))


def _checked_siret(siret: str) -> str:
    try:
        validate_siret(siret)
    except ValidationError as exc:
        raise ClientDataInvalid(exc.messages[0], field="siret") from exc
    return normalize_siret(siret)


def _checked_address(address: Address) -> Address:
    cleaned = Address(
        line1=address.line1.strip(),
        line2=address.line2.strip(),
        postcode=address.postcode.strip(),
        city=address.city.strip().upper(),
    )
    for field, value in (
        ("address_line1", cleaned.line1),
        ("address_line2", cleaned.line2),
        ("city", cleaned.city),
    ):
        if len(value) > ADDRESS_LINE_MAX:
            raise ClientDataInvalid(
                _("Une ligne d'adresse compte au plus %(max)d caractères : abrégez-la.")
                % {"max": ADDRESS_LINE_MAX},
                field=field,
            )
    if cleaned.postcode:
        try:
            validate_postcode(cleaned.postcode)
        except ValidationError as exc:
            raise ClientDataInvalid(exc.messages[0], field="postcode") from exc
    return cleaned


def person_check(person: Person) -> Person:
    """The main manager's details, cleaned; the e-mail address is lower-cased."""
    email = person.email.strip().lower()
    try:
        validate_email(email)
    except ValidationError as exc:
        raise ClientDataInvalid(
            _("Saisissez une adresse e-mail valide (ex. prenom.nom@entreprise.fr)."),
            field="manager_email",
        ) from exc
    first_name, last_name = person.first_name.strip(), person.last_name.strip()
    if len(first_name) > 38 or len(last_name) > 38:
        raise ClientDataInvalid(
            _("Le nom et le prénom comptent au plus 38 caractères chacun."),
            field="manager_last_name",
        )
    return Person(email=email, first_name=first_name, last_name=last_name)


def client_number_generate() -> str:
    """8 random digits, not sequential: the number is one of the two activation checks."""
    return str(10_000_000 + secrets.randbelow(90_000_000))


def contract_number_generate() -> str:
    return f"CT{secrets.randbelow(100_000_000):08d}"


@transaction.atomic
def client_create(
    *,
    legal_name: str,
    siret: str,
    address: Address,
    terms: ContractTerms,
    signed_date: dt.date,
    main_manager: Person,
    actor_user: Any | None,
    now: dt.datetime,
) -> Contract:
    """Creates a client with its active contract and its main manager contact; returns the contract."""
    legal_name = legal_name.strip()
    if not legal_name or len(legal_name) > 120:
        raise ClientDataInvalid(
            _("Saisissez la raison sociale du client (120 caractères au plus)."),
            field="legal_name",
        )
    siret = _checked_siret(siret)
    address = _checked_address(address)
    main_manager = person_check(main_manager)
    contract_terms_check(terms)

    def make_client(number: str) -> Client:
        return Client.objects.create(
            client_number=number,
            legal_name=legal_name,
            siret=siret,
            vat_number=vat_number_for_siren(siret[:9]),
            address_line1=address.line1,
            address_line2=address.line2,
            postcode=address.postcode,
            city=address.city,
            created_at=now,
        )

    client = create_with_unique_number(
        make_client, client_number_generate, model=Client, field="client_number"
    )

    def make_contract(number: str) -> Contract:
        return Contract.objects.create(
            client=client,
            contract_number=number,
            signed_date=signed_date,
            status=Contract.Status.ACTIVE,
            face_value_min_cents=terms.face_value_min_cents,
            face_value_max_cents=terms.face_value_max_cents,
            face_value_default_cents=terms.face_value_default_cents,
            employer_share_default=terms.employer_share_default,
            commission_rate=terms.commission_rate,
            commission_min_cents=terms.commission_min_cents,
            card_fee_cents=terms.card_fee_cents,
            delivery_fee_cents=terms.delivery_fee_cents,
            home_delivery_fee_cents=terms.home_delivery_fee_cents,
        )

    contract = create_with_unique_number(
        make_contract, contract_number_generate, model=Contract, field="contract_number"
    )
    Contact.objects.create(
        client=client,
        role=Contact.Role.MAIN_MANAGER,
        first_name=main_manager.first_name,
        last_name=main_manager.last_name,
        email=main_manager.email,
    )
    audit_record(
        actor_user=actor_user,
        action="client.created",
        now=now,
        client=client,
        target=client,
        data={"client_number": client.client_number, "siret": siret},
    )
    audit_record(
        actor_user=actor_user,
        action="contract.created",
        now=now,
        client=client,
        target=contract,
        data={"contract_number": contract.contract_number},
    )
    return contract


class ContactsLocked(DomainError):
    """Until the first order is paid nobody may redirect the issuer's mail (DOMAIN.md)."""

    code = "contacts_locked"
    status = 403


@dataclass(frozen=True)
class ContactData:
    first_name: str
    last_name: str
    email: str
    phone: str


def contacts_editable_check(client: Client) -> None:
    """Raises ContactsLocked while the client's first order is not paid."""
    if client.has_paid_first_order:
        return
    raise ContactsLocked(
        gettext(
            "%(restriction)s Vous pourrez modifier les contacts après le paiement de votre "
            "première commande : rien n'a été changé."
        )
        % {"restriction": FIRST_ORDER_RESTRICTION}
    )


@transaction.atomic
def contact_update(
    *,
    actor: Actor,
    role: str,
    data: ContactData,
    expected_version: int,
    now: dt.datetime,
) -> Contact:
    """Writes the client's contact for one role (created at its first save, version 0 → 1).

    The client's row is locked: the first-order check reads its state then, and two managers
    saving a contact the client does not have yet are put in line instead of colliding."""
    role = Contact.Role(role)
    client = Client.objects.select_for_update().get(pk=actor.client.pk)
    contacts_editable_check(client)
    data = ContactData(
        first_name=data.first_name.strip(),
        last_name=data.last_name.strip(),
        email=data.email.strip().lower(),
        phone=data.phone.strip(),
    )
    contact = Contact.objects.filter(client=client, role=role).first()
    is_new = contact is None
    if contact is None:
        contact = Contact(client=client, role=role, version=0)
    check_version(instance=contact, expected_version=expected_version)
    changes = apply_changes(instance=contact, data=data)
    if not changes and not is_new:
        return contact
    contact.version += 1
    contact.save()
    audit_record(
        actor_user=actor.user,
        action="contact.create" if is_new else "contact.update",
        now=now,
        client=client,
        target=contact,
        data={"role": role.value, "changes": changes},
    )
    return contact


# The options an administrator sets on the account, each audited on its own.
CLIENT_OPTIONS = (
    "requires_two_factor",
    "requires_order_approval",
    "allows_sunday_use",
    "carry_over_policy",
)


@transaction.atomic
def client_options_update(*, actor: Actor, options: dict[str, Any], now: dt.datetime) -> Client:
    """Writes the options given (others are left as they are), one audit event per change."""
    unknown = set(options) - set(CLIENT_OPTIONS)
    if unknown:
        raise ClientDataInvalid(_("Option du compte inconnue."), code="unknown_option")
    if options.get("carry_over_policy", Client.CarryOver.AUTOMATIC) not in Client.CarryOver.values:
        raise ClientDataInvalid(
            _("Choisissez comment reporter les soldes : automatiquement ou sur demande."),
            field="carry_over_policy",
        )
    client = Client.objects.select_for_update().get(pk=actor.client.pk)
    for option, value in options.items():
        before = getattr(client, option)
        if before == value:
            continue
        setattr(client, option, value)
        client.save(update_fields=[option])
        audit_record(
            actor_user=actor.user,
            action="client.option_changed",
            now=now,
            client=client,
            target=client,
            data={"option": option, "changes": {option: [before, value]}},
        )
    return client
