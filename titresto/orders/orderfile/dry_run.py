"""An order file checked for a client: the one check that the upload, the confirmation, the
command line and the demo all run. It reads only: the client's active contract, the rules in
force on the load date, then the file against the client's world; a valid file is priced."""

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from titresto.clients.models import Client
from titresto.core.errors import DomainError
from titresto.core.rules import rules_at
from titresto.orders.orderfile.report import ValidationReport
from titresto.orders.orderfile.validation import collector_paused, validate_order_file
from titresto.orders.pricing import Breakdown, price
from titresto.orders.terms import NoActiveContract, OrderTerms, terms_in_force


class OrderFileUsageError(DomainError):
    code = "order_file_usage"


@dataclass(frozen=True)
class CheckedOrderFile:
    report: ValidationReport
    terms: OrderTerms  # what an order of this file is priced with
    totals: Breakdown | None  # what the order would cost: only for a valid file


def check_file(
    *, client: Client, data: bytes, filename: str, load_date: dt.date
) -> CheckedOrderFile:
    """Raises NoActiveContract for a client that cannot order."""
    terms = terms_in_force(client=client, rules=rules_at(load_date))
    with collector_paused():  # pricing walks the lines the check just made
        report = validate_order_file(
            data=data,
            filename=filename,
            client=client,
            terms=terms.contract,
            exemption_cap_cents=terms.exemption_cap_cents,
            load_date=load_date,
        )
        if not report.valid:
            return CheckedOrderFile(report=report, terms=terms, totals=None)
        totals = price(terms.pricing, (line.price_line() for line in report.lines))
    return CheckedOrderFile(report=report, terms=terms, totals=totals)


def order_file_check(
    *, client_number: str, data: bytes, filename: str, load_date: dt.date
) -> tuple[Client, CheckedOrderFile]:
    """`titresto import-order`'s check: the client named by its number, then `check_file`."""
    client = Client.objects.filter(client_number=client_number.strip()).first()
    if client is None:
        raise OrderFileUsageError(
            _("Aucun client ne porte le numéro %(number)s.") % {"number": client_number},
            code="unknown_client",
        )
    try:
        checked = check_file(client=client, data=data, filename=filename, load_date=load_date)
    except NoActiveContract as refusal:
        raise OrderFileUsageError(
            _("Le client %(number)s n'a pas de contrat actif : rien ne peut être commandé.")
            % {"number": client_number},
            code="no_active_contract",
        ) from refusal
    return client, checked
