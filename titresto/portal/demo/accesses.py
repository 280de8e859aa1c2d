"""SONACS's colleagues for « Gestion des accès »: the accountant (Visiteur), the payroll
officer with the client's own « Paie » profile, and a colleague invited who has not activated."""

import datetime as dt

from titresto.accounts.models import CustomProfile, Membership, User
from titresto.accounts.services.activation import invitation_issue
from titresto.clients.models import Client
from titresto.core.capabilities import Capability, Profile

ACCOUNTANT_EMAIL = "compta@sonacs.example"
PAYROLL_EMAIL = "paie@sonacs.example"
INVITED_EMAIL = "nouvelle.recrue@sonacs.example"
PAIE = (Capability.DASHBOARD_VIEW, Capability.ORDERS_VIEW, Capability.DOCUMENTS_VIEW)


def _colleague(
    client: Client,
    email: str,
    *,
    password: str | None,
    names: tuple[str, str],
    profile: Profile,
    custom: CustomProfile | None = None,
    now: dt.datetime,
) -> Membership:
    user = User.objects.filter(email=email).first() or User.objects.create_user(
        email, password=password, first_name=names[0], last_name=names[1]
    )
    membership, _created = Membership.objects.get_or_create(
        user=user,
        client=client,
        defaults={
            "profile": profile,
            "custom_profile": custom,
            "is_active": password is not None,
            "created_at": now,
        },
    )
    return membership


def seed_accesses(*, sonacs: Client, password: str, now: dt.datetime) -> None:
    """Idempotent: what exists is kept as the demo's users left it."""
    paie, _created = CustomProfile.objects.get_or_create(
        client=sonacs,
        name="Paie",
        defaults={"capabilities": [c.value for c in PAIE], "created_at": now},
    )
    _colleague(
        sonacs,
        ACCOUNTANT_EMAIL,
        password=password,
        names=("Nadia", "Benali"),
        profile=Profile.VISITEUR,
        now=now,
    )
    _colleague(
        sonacs,
        PAYROLL_EMAIL,
        password=password,
        names=("Thomas", "Leroy"),
        profile=Profile.PERSONNALISE,
        custom=paie,
        now=now,
    )
    invited = _colleague(
        sonacs,
        INVITED_EMAIL,
        password=None,
        names=("", ""),
        profile=Profile.COMMANDEUR,
        now=now,
    )
    if not invited.invitations.exists():
        invitation_issue(membership=invited, actor_user=None, now=now, send_mail=False)
