"""The terms an order is built and priced with, frozen on the order as JSON.

A later change of the contract (prices, defaults) or of the rules (VAT, exemption cap) never
alters a past order: the order's page, its documents and a repricing of its draft all read
this copy, never the contract.
"""

from dataclasses import asdict, dataclass
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from titresto.clients.models import Client
from titresto.clients.selectors import contract_active
from titresto.clients.services import ContractTerms
from titresto.core.errors import DomainError
from titresto.core.rules import Rules
from titresto.orders.pricing import PricingTerms


class NoActiveContract(DomainError):
    code = "no_active_contract"


@dataclass(frozen=True)
class OrderTerms:
    contract_number: str
    contract: ContractTerms
    pricing: PricingTerms
    employer_share_min: Decimal
    employer_share_max: Decimal
    exemption_cap_cents: int

    @classmethod
    def of(cls, *, contract_number: str, contract: ContractTerms, rules: Rules) -> "OrderTerms":
        return cls(
            contract_number=contract_number,
            contract=contract,
            pricing=PricingTerms.of(contract, rules),
            employer_share_min=rules.employer_share_min,
            employer_share_max=rules.employer_share_max,
            exemption_cap_cents=rules.exemption_cap_cents,
        )

    def as_json(self) -> dict[str, Any]:
        contract = {
            name: str(value) if isinstance(value, Decimal) else value
            for name, value in asdict(self.contract).items()
        }
        return {
            "contract_number": self.contract_number,
            "contract": contract,
            "pricing": asdict(self.pricing),
            "employer_share_min": str(self.employer_share_min),
            "employer_share_max": str(self.employer_share_max),
            "exemption_cap_cents": self.exemption_cap_cents,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "OrderTerms":
        contract = dict(data["contract"])
        for name in ("employer_share_default", "commission_rate"):
            contract[name] = Decimal(contract[name])
        return cls(
            contract_number=data["contract_number"],
            contract=ContractTerms(**contract),
            pricing=PricingTerms(**data["pricing"]),
            employer_share_min=Decimal(data["employer_share_min"]),
            employer_share_max=Decimal(data["employer_share_max"]),
            exemption_cap_cents=data["exemption_cap_cents"],
        )


def terms_in_force(*, client: Client, rules: Rules) -> OrderTerms:
    """The client's active contract with the rules of the load date; no contract, no order."""
    contract = contract_active(client=client)
    if contract is None:
        raise NoActiveContract(
            _(
                "Votre compte n'a pas de contrat actif : aucune commande n'est possible. "
                "Contactez votre conseiller."
            )
        )
    return OrderTerms.of(
        contract_number=contract.contract_number,
        contract=ContractTerms.of(contract),
        rules=rules,
    )
