"""The order file checked for a client named by its number: what `titresto import-order` runs."""

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from titresto.clients.models import Client
from titresto.clients.selectors import contract_active
from titresto.clients.services import ContractTerms
from titresto.core.errors import DomainError
from titresto.core.rules import rules_at
from titresto.orders.orderfile.report import ValidationReport
from titresto.orders.orderfile.validation import collector_paused, validate_order_file
from titresto.orders.pricing import Breakdown, PricingTerms, price


class OrderFileUsageError(DomainError):
    code = "order_file_usage"


@dataclass(frozen=True)
class CheckedOrderFile:
    report: ValidationReport
    totals: Breakdown | None  # what the order would cost: only for a valid file


def order_file_check(
    *, client_number: str, data: bytes, filename: str, load_date: dt.date
) -> CheckedOrderFile:
    """Reads only: the client, its active contract, the rules in force, then the file's world."""
    client = Client.objects.filter(client_number=client_number.strip()).first()
    if client is None:
        raise OrderFileUsageError(
            _("Aucun client ne porte le numéro %(number)s.") % {"number": client_number},
            code="unknown_client",
        )
    contract = contract_active(client=client)
    if contract is None:
        raise OrderFileUsageError(
            _("Le client %(number)s n'a pas de contrat actif : rien ne peut être commandé.")
            % {"number": client_number},
            code="no_active_contract",
        )
    terms = ContractTerms.of(contract)
    rules = rules_at(load_date)
    with collector_paused():  # pricing walks the lines the check just made
        report = validate_order_file(
            data=data,
            filename=filename,
            client=client,
            terms=terms,
            exemption_cap_cents=rules.exemption_cap_cents,
            load_date=load_date,
        )
        if not report.valid:
            return CheckedOrderFile(report=report, totals=None)
        lines = (line.price_line() for line in report.lines)
        totals = price(PricingTerms.of(terms, rules), lines)
    return CheckedOrderFile(report=report, totals=totals)
