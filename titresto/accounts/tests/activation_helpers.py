"""Builders for the activation tests: a client onboarded through the real service."""

import datetime as dt

from django.utils import timezone

from titresto.accounts.services.onboarding import Onboarding, client_onboard
from titresto.clients.services import Address

NEW_PASSWORD = "une phrase de passe solide 2026"


def onboard(
    *,
    email: str = "gestionnaire@boulangerie.example",
    legal_name: str = "Boulangerie Martin",
    siret: str = "63456789500012",
    now: dt.datetime | None = None,
) -> Onboarding:
    return client_onboard(
        legal_name=legal_name,
        siret=siret,
        manager_email=email,
        manager_first_name="Sophie",
        manager_last_name="Martin",
        address=Address(line1="8 place Bellecour", postcode="69002", city="Lyon"),
        actor_user=None,
        now=now or timezone.now(),
        send_mail=False,
    )


def activation_data(onboarding: Onboarding, **overrides: str) -> dict[str, str]:
    data = {
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
        "contract_number": onboarding.contract.contract_number,
        "client_number": onboarding.client.client_number,
    }
    data.update(overrides)
    return data
