"""`titresto import-order FILE --client NUMBER --dry-run [--json]`: an order file checked from the
command line, for the issuer's staff who receive files by e-mail.

Exit 0 when the file is valid, 1 when it is refused, 2 for a usage error. Only --dry-run exists
until the Order model does (issue 7, item 1): it writes nothing at all.
"""

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from titresto.core.money import format_eur
from titresto.orders.orderfile.dry_run import (
    CheckedOrderFile,
    OrderFileUsageError,
    order_file_check,
)

USAGE = 2


class Command(BaseCommand):
    help = "Vérifie un fichier de commande pour un client (--dry-run : n'écrit rien)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file")
        parser.add_argument("--client", required=True, help="numéro client")
        parser.add_argument("--dry-run", action="store_true", help="vérifier sans rien écrire")
        parser.add_argument("--json", action="store_true", help="un objet JSON sur la sortie")

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["dry_run"]:
            raise CommandError(
                _(
                    "Seul --dry-run est disponible pour l'instant : la création d'une commande "
                    "brouillon viendra avec les commandes."
                ),
                returncode=USAGE,
            )
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(
                _("Fichier introuvable : %(path)s") % {"path": path}, returncode=USAGE
            )
        try:
            checked = order_file_check(
                client_number=options["client"],
                data=path.read_bytes(),
                filename=path.name,
                load_date=timezone.localdate(),
            )
        except OrderFileUsageError as error:
            raise CommandError(str(error.user_message), returncode=USAGE) from error
        if options["json"]:
            self.stdout.write(json.dumps(_as_json(checked), ensure_ascii=False))
        else:
            self.stdout.write(_as_text(checked))
        if not checked.report.valid:
            sys.exit(1)


def _as_json(checked: CheckedOrderFile) -> dict[str, Any]:
    report = checked.report
    return {
        "valid": report.valid,
        "lines": report.lines_read,
        "errors": [issue.as_dict() for issue in report.errors],
        "errors_not_listed": report.errors_not_kept,
        "warnings": [issue.as_dict() for issue in report.warnings],
        "warnings_not_listed": report.warnings_not_kept,
        "totals": checked.totals.as_dict() if checked.totals else None,
        "new_beneficiaries": len(report.new_beneficiaries),
        "proposed_updates": len(report.updates),
    }


def _as_text(checked: CheckedOrderFile) -> str:
    report = checked.report
    verdict = _("Fichier valide") if report.valid else _("Fichier refusé")
    out = [f"{verdict} : " + _("%(lines)s lignes lues.") % {"lines": report.lines_read}]
    for issue in [*report.errors, *report.warnings]:
        where = _("ligne %(line)s") % {"line": issue.line} if issue.line else _("fichier")
        column = f", {issue.column}" if issue.column else ""
        out.append(f"{where}{column} [{issue.code}] {issue.message}")
    if report.errors_not_kept:
        out.append(_("… et %(count)s autres erreurs.") % {"count": report.errors_not_kept})
    if checked.totals:
        out.append(
            _("Total à payer : %(total)s") % {"total": format_eur(checked.totals.total_cents)}
        )
    return "\n".join(out)
