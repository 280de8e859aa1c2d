"""Demo clients and the people who manage them. Idempotent: found by SIRET or e-mail, else made.

Everything goes through the real onboarding and activation services, so the demo exercises the
same path as a real client; only the demo password skips the strength check (it is public).
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction

from titresto.accounts.models import Membership, User
from titresto.accounts.security.totp import new_secret
from titresto.accounts.services.activation import (
    IssuedInvitation,
    invitation_activate,
    invitation_issue,
    membership_awaiting_activation,
)
from titresto.accounts.services.onboarding import client_onboard
from titresto.clients.models import Client, Contract
from titresto.clients.services import Address, ContractTerms
from titresto.core.capabilities import Profile
from titresto.portal.demo.accesses import ACCOUNTANT_EMAIL, PAYROLL_EMAIL, seed_accesses

DEMO_PASSWORD = "titresto-demo"  # noqa: S105 - public on purpose, and refused when DEBUG is off


@dataclass(frozen=True)
class DemoClientSpec:
    name: str
    siret: str
    address: Address
    manager_email: str
    manager_first_name: str
    manager_last_name: str


SONACS = DemoClientSpec(
    name="SONACS",
    siret="41234567000019",
    address=Address(line1="12 rue de la Paix", postcode="75002", city="PARIS"),
    manager_email="admin@sonacs.example",
    manager_first_name="Claire",
    manager_last_name="Lefèvre",
)
ATELIER_DUPONT = DemoClientSpec(
    name="Atelier Dupont",
    siret="52345678800018",
    address=Address(line1="4 quai des Chartrons", postcode="33000", city="BORDEAUX"),
    manager_email="admin@atelier-dupont.example",
    manager_first_name="Marc",
    manager_last_name="Dupont",
)
BOULANGERIE_MARTIN = DemoClientSpec(
    name="Boulangerie Martin",
    siret="63456789500012",
    address=Address(line1="8 place Bellecour", postcode="69002", city="LYON"),
    manager_email="gerant@boulangerie-martin.example",
    manager_first_name="Sophie",
    manager_last_name="Martin",
)
GROUP_MANAGER_EMAIL = "groupe@sonacs.example"
ISSUER_AGENT_EMAIL = "agent@titresto.example"


@dataclass(frozen=True)
class DemoLogin:
    email: str
    password: str
    role: str


@dataclass
class DemoSeed:
    sonacs: Client
    atelier_dupont: Client
    boulangerie_martin: Client
    pending_link: IssuedInvitation | None
    agent: User
    logins: list[DemoLogin] = field(default_factory=list)

    @property
    def clients(self) -> list[Client]:
        return [self.sonacs, self.atelier_dupont, self.boulangerie_martin]


def _onboarded(spec: DemoClientSpec, *, now: dt.datetime) -> tuple[Client, IssuedInvitation | None]:
    client = Client.objects.filter(siret=spec.siret).first()
    if client is not None:
        return client, None
    onboarding = client_onboard(
        legal_name=spec.name,
        siret=spec.siret,
        address=spec.address,
        manager_email=spec.manager_email,
        manager_first_name=spec.manager_first_name,
        manager_last_name=spec.manager_last_name,
        signed_date=dt.date(now.year, 1, 2),
        # SONACS allows 6,00 € to 15,00 € (10,00 € by default) at 60 % by default.
        terms=ContractTerms(face_value_min_cents=600) if spec is SONACS else None,
        actor_user=None,
        now=now,
        send_mail=spec is BOULANGERIE_MARTIN,
    )
    return onboarding.client, onboarding.issued


def _active_client(spec: DemoClientSpec, *, now: dt.datetime) -> Client:
    client, issued = _onboarded(spec, now=now)
    if issued is not None:
        contract = Contract.objects.get(client=client)
        invitation_activate(
            token=issued.token,
            contract_number=contract.contract_number,
            client_number=client.client_number,
            password=DEMO_PASSWORD,
            now=now,
        )
    return client


def _pending_client(
    spec: DemoClientSpec, *, now: dt.datetime
) -> tuple[Client, IssuedInvitation | None]:
    """The client whose manager has not activated yet; each run sends a fresh link (the printed one)."""
    client, issued = _onboarded(spec, now=now)
    if issued is not None:
        return client, issued
    membership = (
        Membership.objects.filter(client=client, user__email=spec.manager_email)
        .select_related("user", "client")
        .first()
    )
    if membership is None or not membership_awaiting_activation(membership):
        return client, None  # someone activated it: the demo keeps what they did
    return client, invitation_issue(membership=membership, actor_user=None, now=now)


def _user(email: str, *, first_name: str, last_name: str, staff: bool = False) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(
            email,
            password=DEMO_PASSWORD,
            first_name=first_name,
            last_name=last_name,
            is_staff=staff,
            is_superuser=staff,
        )
    return user


def _enrolled_in_two_factor(user: User, *, now: dt.datetime) -> User:
    """Staff must use a second factor; the demo enrols the agent so that a newcomer without an
    authenticator app can still sign in, reading codes from `titresto demo-code`."""
    if not user.has_totp:
        user.totp_secret = new_secret()
        user.totp_confirmed_at = now
        user.save(update_fields=["totp_secret", "totp_confirmed_at"])
    return user


def _group_manager(clients: list[Client], *, now: dt.datetime) -> User:
    """A person who manages several entities of a group: the header shows the client switcher."""
    user = _user(GROUP_MANAGER_EMAIL, first_name="Hélène", last_name="Moreau")
    for client in clients:
        Membership.objects.get_or_create(
            user=user,
            client=client,
            defaults={"profile": Profile.ADMINISTRATEUR, "created_at": now},
        )
    return user


@transaction.atomic
def seed_clients(*, now: dt.datetime) -> DemoSeed:
    sonacs = _active_client(SONACS, now=now)
    atelier_dupont = _active_client(ATELIER_DUPONT, now=now)
    boulangerie_martin, pending_link = _pending_client(BOULANGERIE_MARTIN, now=now)
    _group_manager([sonacs, atelier_dupont], now=now)
    seed_accesses(sonacs=sonacs, password=DEMO_PASSWORD, now=now)
    agent = _enrolled_in_two_factor(
        _user(ISSUER_AGENT_EMAIL, first_name="Agent", last_name="Émetteur", staff=True), now=now
    )
    logins = [
        DemoLogin(SONACS.manager_email, DEMO_PASSWORD, "Administrateur SONACS"),
        DemoLogin(ATELIER_DUPONT.manager_email, DEMO_PASSWORD, "Administrateur Atelier Dupont"),
        DemoLogin(GROUP_MANAGER_EMAIL, DEMO_PASSWORD, "Administrateur SONACS et Atelier Dupont"),
        DemoLogin(ACCOUNTANT_EMAIL, DEMO_PASSWORD, "Visiteur SONACS (comptable)"),
        DemoLogin(
            PAYROLL_EMAIL, DEMO_PASSWORD, "Profil « Paie » de SONACS (commandes et documents)"
        ),
        DemoLogin(
            ISSUER_AGENT_EMAIL,
            DEMO_PASSWORD,
            "Agent de l'émetteur (back-office) ; code à 6 chiffres : titresto demo-code",
        ),
    ]
    return DemoSeed(
        sonacs=sonacs,
        atelier_dupont=atelier_dupont,
        boulangerie_martin=boulangerie_martin,
        pending_link=pending_link,
        agent=agent,
        logins=logins,
    )
