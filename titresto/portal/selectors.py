"""Reads for the dashboard: they gather one client's progress from the apps below."""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from titresto.clients.models import Client


@dataclass(frozen=True)
class FirstStep:
    label: str | Promise
    is_done: bool
    help_text: str | Promise = ""
    url_name: str = ""


def first_steps(*, client: Client) -> list[FirstStep]:
    """The « Premiers pas » of the issuer's guide, ticked from what the client has done."""
    return [
        FirstStep(_("Activer mon compte"), is_done=True),
        FirstStep(
            _("Passer et payer ma première commande"),
            is_done=client.has_paid_first_order,
            help_text=_(
                "Le paiement par carte bancaire rend la commande payée immédiatement. "
                "La gestion des accès et la modification des contacts s'ouvrent ensuite."
            ),
        ),
    ]
