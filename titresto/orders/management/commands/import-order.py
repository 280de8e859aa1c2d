"""`titresto import-order FILE --client NUMBER --dry-run [--json]`: an order file checked from the
command line, for the issuer's staff who receive files by e-mail.

Exit 0 when the file is valid, 1 when it is refused, 2 for a usage error. --dry-run writes
nothing at all; without it, a valid file becomes a draft order (with its new beneficiaries and
every difference it carries on known ones) that the client's manager reviews and submits.
"""

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from titresto.clients.models import Client
from titresto.core.money import format_eur
from titresto.orders.models import Order
from titresto.orders.orderfile.dry_run import (
    CheckedOrderFile,
    OrderFileUsageError,
    order_file_check,
)
from titresto.orders.services.imports import order_from_report

USAGE = 2
# Who the order's history names: the issuer's staff running the command, not a manager.
COMMAND_AUTHOR = "titresto import-order"


class Command(BaseCommand):
    help = (
        "Vérifie un fichier de commande pour un client et en fait une commande brouillon "
        "(--dry-run : vérifie seulement, n'écrit rien)."
    )
    # A file is checked against the data, not the code: the system checks (URLs, admin,
    # models; ~0,15 s of a dry run) are `titresto check`'s and the deployment's job.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file")
        parser.add_argument("--client", required=True, help="numéro client")
        parser.add_argument("--dry-run", action="store_true", help="vérifier sans rien écrire")
        parser.add_argument("--json", action="store_true", help="un objet JSON sur la sortie")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(
                _("Fichier introuvable : %(path)s") % {"path": path}, returncode=USAGE
            )
        try:
            client, checked = order_file_check(
                client_number=options["client"],
                data=path.read_bytes(),
                filename=path.name,
                load_date=timezone.localdate(),
            )
        except OrderFileUsageError as error:
            raise CommandError(str(error.user_message), returncode=USAGE) from error
        order = None
        if checked.report.valid and not options["dry_run"]:
            order = _draft_order(client, checked)
        if options["json"]:
            out = _as_json(checked)
            if not options["dry_run"]:
                out["order_number"] = order.number if order else None
            self.stdout.write(json.dumps(out, ensure_ascii=False))
        else:
            self.stdout.write(_as_text(checked))
            if order is not None:
                self.stdout.write(
                    _("Commande brouillon créée : %(number)s") % {"number": order.number}
                )
        if not checked.report.valid:
            sys.exit(1)


def _draft_order(client: Client, checked: CheckedOrderFile) -> Order:
    """The checked file written as one draft, with every difference it carries applied."""
    now = timezone.now()
    return order_from_report(
        client=client,
        checked=checked,
        load_period=timezone.localdate(now),
        load_date=None,
        accepted_updates=None,
        by=COMMAND_AUTHOR,
        now=now,
    )


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
