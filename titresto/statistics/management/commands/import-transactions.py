"""`titresto import-transactions FILE [--signature HEX] [--json]`: the card processor's daily
file, for the issuer's staff (beat imports the files dropped in PROCESSOR_INBOX by itself).

The signature is the HMAC-SHA256 (hex) of the file's bytes with the processor's secret, read
from FILE.sig when not given. Exit 0 when the file was imported (some lines may be refused: the
report says which), 1 when it was refused whole, 2 for a usage error.
"""

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from titresto.statistics.models import TransactionImport
from titresto.statistics.services import transactions_file_import

USAGE = 2


class Command(BaseCommand):
    help = "Importe le fichier quotidien des transactions du processeur de cartes."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file")
        parser.add_argument("--signature", help="HMAC-SHA256 hexadécimal (défaut : FICHIER.sig)")
        parser.add_argument("--json", action="store_true", help="un objet JSON sur la sortie")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        signature_path = path.with_name(path.name + ".sig")
        if not path.is_file():
            raise CommandError(
                _("Fichier introuvable : %(path)s") % {"path": path}, returncode=USAGE
            )
        signature = options["signature"]
        if signature is None:
            if not signature_path.is_file():
                raise CommandError(
                    _("Signature introuvable : %(path)s") % {"path": signature_path},
                    returncode=USAGE,
                )
            signature = signature_path.read_text().strip()
        outcome = transactions_file_import(path=path, signature=signature, now=timezone.now())
        row = outcome.row
        summary = {
            "import": row.pk,
            "status": row.status,
            "replayed": outcome.replayed,
            "refusal": row.refusal,
            "lines": row.line_count,
            "imported": 0 if outcome.replayed else row.imported_count,
            "refused": row.refused_count,
            "issues": row.issues[:20],
        }
        if options["json"]:
            self.stdout.write(json.dumps(summary, ensure_ascii=False, default=str))
        elif row.status == TransactionImport.Status.REFUSED:
            self.stdout.write(row.refusal)
        elif outcome.replayed:
            self.stdout.write(_("Fichier déjà importé : rien de nouveau."))
        else:
            self.stdout.write(
                _("%(imported)s transactions importées, %(refused)s lignes refusées.")
                % {"imported": row.imported_count, "refused": row.refused_count}
            )
            for issue in row.issues[:20]:
                self.stdout.write(f"  ligne {issue['line']} {issue['column']} : {issue['message']}")
        if row.status == TransactionImport.Status.REFUSED:
            raise SystemExit(1)
