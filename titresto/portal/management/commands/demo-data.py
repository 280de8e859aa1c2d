"""`titresto demo-data`: a lived-in portal for newcomers (`make run` calls it). Idempotent."""

import json
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone

from titresto.portal.demo.clients import DemoSeed, seed_clients
from titresto.portal.demo.directory import seed_directory
from titresto.portal.demo.documents import seed_documents
from titresto.portal.demo.faq import seed_faq
from titresto.portal.demo.orders import seed_orders
from titresto.portal.demo.support import seed_requests


class Command(BaseCommand):
    help = (
        "Charge les données de démonstration (idempotent) et affiche les identifiants de "
        "démonstration et un nouveau lien d'activation. Refusé quand DEBUG est désactivé."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--json", action="store_true", help="une ligne JSON en sortie")

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG:
            raise CommandError(
                "Données de démonstration refusées : DEBUG est désactivé, ce qui signale une "
                "installation réelle. Lancez la commande avec DEBUG=true sur un poste de développement."
            )
        now = timezone.now()
        with transaction.atomic():
            seed = seed_clients(now=now)
            for client in (seed.sonacs, seed.atelier_dupont):
                seed_directory(client=client, now=now)
            seed_orders(client=seed.sonacs, now=now)
            seed_documents(client=seed.sonacs, now=now)
            seed_faq(staff=seed.agent, now=now)
            seed_requests(client=seed.sonacs, agent=seed.agent, now=now)
        if settings.STATISTICS_SIMULATOR:
            # Card usage since last month's loads (the demo's orders were paid then), imported
            # as the processor's file; a later run adds only the days done since.
            from titresto.portal.demo.usage import seed_usage

            seed_usage(now=now)
        if options["json"]:
            self.stdout.write(json.dumps(self.as_json(seed), ensure_ascii=False))
        else:
            self.print_summary(seed)

    @staticmethod
    def as_json(seed: DemoSeed) -> dict[str, Any]:
        pending_url = seed.pending_link.url if seed.pending_link else None
        return {
            "clients": [
                {
                    "name": client.legal_name,
                    "client_number": client.client_number,
                    "activation_url": pending_url if client == seed.boulangerie_martin else None,
                }
                for client in seed.clients
            ],
            "activation_url": pending_url,
            "logins": [
                {"email": login.email, "password": login.password, "role": login.role}
                for login in seed.logins
            ],
        }

    def print_summary(self, seed: DemoSeed) -> None:
        self.stdout.write("Données de démonstration prêtes.")
        for client in seed.clients:
            self.stdout.write(f"  {client.legal_name} : numéro client {client.client_number}")
        self.stdout.write("Identifiants de démonstration :")
        for login in seed.logins:
            self.stdout.write(f"  {login.email} / {login.password}  ({login.role})")
        martin = seed.boulangerie_martin
        if seed.pending_link is None:
            self.stdout.write(f"{martin.legal_name} est déjà activé : aucun nouveau lien.")
            return
        contract = martin.contracts.get()
        self.stdout.write(
            f"Activation en attente pour {martin.legal_name} "
            f"(numéro de contrat {contract.contract_number}, numéro client {martin.client_number}) :"
        )
        self.stdout.write(f"  {seed.pending_link.url}")
