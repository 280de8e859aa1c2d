"""The order file checked for a client named by its number: what `titresto import-order` runs."""

import datetime as dt

from django.utils.translation import gettext_lazy as _

from titresto.clients.models import Client
from titresto.clients.selectors import contract_active
from titresto.clients.services import ContractTerms
from titresto.core.errors import DomainError
from titresto.core.rules import rules_at
from titresto.orders.orderfile.report import ValidationReport
from titresto.orders.orderfile.validation import validate_order_file


class OrderFileUsageError(DomainError):
    code = "order_file_usage"


def order_file_check(
    *, client_number: str, data: bytes, filename: str, load_date: dt.date
) -> ValidationReport:
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
    terms = ContractTerms(
        face_value_min_cents=contract.face_value_min_cents,
        face_value_max_cents=contract.face_value_max_cents,
        face_value_default_cents=contract.face_value_default_cents,
        employer_share_default=contract.employer_share_default,
    )
    return validate_order_file(
        data=data,
        filename=filename,
        client=client,
        terms=terms,
        exemption_cap_cents=rules_at(load_date).exemption_cap_cents,
        load_date=load_date,
    )
