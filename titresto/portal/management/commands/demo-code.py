"""`titresto demo-code`: the demo agent's current sign-in code, for newcomers without an app."""

from typing import Any

import pyotp
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from titresto.accounts.models import User
from titresto.portal.demo.clients import ISSUER_AGENT_EMAIL


class Command(BaseCommand):
    help = (
        "Affiche le code de double authentification actuel de l'agent de démonstration. "
        "Refusé quand DEBUG est désactivé."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG:
            raise CommandError(
                "Codes de démonstration refusés : DEBUG est désactivé, ce qui signale une "
                "installation réelle."
            )
        agent = User.objects.filter(email=ISSUER_AGENT_EMAIL).first()
        if agent is None or not agent.has_totp:
            raise CommandError(
                "Pas d'agent de démonstration : lancez d'abord `titresto demo-data`."
            )
        totp = pyotp.TOTP(agent.totp_secret)
        seconds_left = totp.interval - int(timezone.now().timestamp()) % totp.interval
        self.stdout.write(
            f"{totp.now()}  (code de {ISSUER_AGENT_EMAIL}, valable encore {seconds_left} s ; "
            "un code déjà utilisé est refusé : attendez le suivant)"
        )
