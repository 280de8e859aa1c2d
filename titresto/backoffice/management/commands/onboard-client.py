"""`titresto onboard-client`: the back-office's « Nouveau client » for scripts."""

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from titresto.accounts.services.onboarding import client_onboard
from titresto.clients.services import Address, ClientDataInvalid


class Command(BaseCommand):
    help = (
        "Crée un client avec son contrat (conditions standard) et son gestionnaire principal, "
        "envoie l'e-mail « Activer mon compte » et affiche le lien d'activation."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--name", required=True, help="raison sociale")
        parser.add_argument("--siret", required=True, help="SIRET (14 chiffres)")
        parser.add_argument("--email", required=True, help="e-mail du gestionnaire principal")
        parser.add_argument("--first-name", default="", help="prénom du gestionnaire")
        parser.add_argument("--last-name", default="", help="nom du gestionnaire")
        parser.add_argument("--address", default="", help="adresse (ligne 1)")
        parser.add_argument("--postcode", default="", help="code postal")
        parser.add_argument("--city", default="", help="ville")
        parser.add_argument("--json", action="store_true", help="une ligne JSON en sortie")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            onboarding = client_onboard(
                legal_name=options["name"],
                siret=options["siret"],
                manager_email=options["email"],
                manager_first_name=options["first_name"],
                manager_last_name=options["last_name"],
                address=Address(
                    line1=options["address"], postcode=options["postcode"], city=options["city"]
                ),
                actor_user=None,
                now=timezone.now(),
            )
        except ClientDataInvalid as error:
            raise CommandError(str(error.user_message)) from error
        result = {
            "client_number": onboarding.client.client_number,
            "contract_number": onboarding.contract.contract_number,
            "activation_url": onboarding.activation_url,
        }
        if options["json"]:
            self.stdout.write(json.dumps(result, ensure_ascii=False))
            return
        self.stdout.write(f"Client créé : {onboarding.client.legal_name}")
        self.stdout.write(f"Numéro client : {result['client_number']}")
        self.stdout.write(f"Numéro de contrat : {result['contract_number']}")
        self.stdout.write(f"Lien d'activation : {result['activation_url']}")
