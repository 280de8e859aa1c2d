"""Reads for the dashboard: they gather one client's progress from the apps below."""

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from titresto.beneficiaries.selectors import BeneficiaryCounts, beneficiary_counts
from titresto.clients.models import Client, Contact, Contract
from titresto.clients.selectors import contact_list, contract_active
from titresto.delivery.selectors import delivery_point_count


@dataclass(frozen=True)
class FirstStep:
    label: str | Promise
    is_done: bool
    help_text: str | Promise = ""
    url_name: str = ""

    @property
    def url(self) -> str:
        """Where the step is done; empty while that page is not built (no dead link)."""
        try:
            return reverse(self.url_name) if self.url_name else ""
        except NoReverseMatch:
            return ""


def first_steps(*, client: Client, people: BeneficiaryCounts, points: int) -> list[FirstStep]:
    """The « Premiers pas » of the issuer's guide, ticked from what the client has done; each
    step names the page where it is done (ordering has no page yet: orders:new is tried)."""
    return [
        FirstStep(_("Activer mon compte"), is_done=True),
        FirstStep(
            _("Créer mes points de livraison"),
            is_done=points > 0,
            help_text=_("Les sites où vos colis de cartes sont livrés."),
            url_name="delivery:list",
        ),
        FirstStep(
            _("Ajouter mes bénéficiaires"),
            is_done=people.active + people.departed > 0,
            help_text=_("Un par un, ou par votre premier fichier de commande."),
            url_name="beneficiaries:list",
        ),
        FirstStep(
            _("Passer et payer ma première commande"),
            is_done=client.has_paid_first_order,
            help_text=_(
                "Le paiement par carte bancaire rend la commande payée immédiatement. "
                "La gestion des accès et la modification des contacts s'ouvrent ensuite."
            ),
            url_name="orders:new",
        ),
    ]


@dataclass(frozen=True)
class Dashboard:
    client: Client
    contract: Contract | None
    contacts: list[Contact]
    first_steps: list[FirstStep]
    people: BeneficiaryCounts
    delivery_points: int

    @property
    def first_steps_done(self) -> int:
        return sum(step.is_done for step in self.first_steps)


def dashboard_summary(*, client: Client) -> Dashboard:
    """Everything the dashboard shows: the account, its contract and contacts, the first steps
    and the account's figures (people and delivery points)."""
    people = beneficiary_counts(client=client)
    points = delivery_point_count(client=client)
    return Dashboard(
        client=client,
        contract=contract_active(client=client),
        contacts=contact_list(client=client),
        first_steps=first_steps(client=client, people=people, points=points),
        people=people,
        delivery_points=points,
    )
