"""`titresto rebuild-usage [--client NUMBER]`: the daily rollups recomputed from the raw
transactions (after a fix, or to check them: the imports keep them up to date by themselves)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from titresto.clients.models import Client
from titresto.statistics.rollups import rollups_rebuild


class Command(BaseCommand):
    help = "Recalcule les agrégats quotidiens d'utilisation carte depuis les transactions."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--client", help="numéro client (défaut : tous)")

    def handle(self, *args: Any, **options: Any) -> None:
        ids = None
        if options["client"]:
            client = Client.objects.filter(client_number=options["client"]).first()
            if client is None:
                raise CommandError(_("Client inconnu."), returncode=2)
            ids = [client.pk]
        rows = rollups_rebuild(client_ids=ids)
        self.stdout.write(_("%(rows)s lignes d'agrégats recalculées.") % {"rows": rows})
