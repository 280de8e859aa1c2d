"""What an order line means for the card factory: a pure decision, no query."""

from typing import NamedTuple

from django.utils.translation import gettext_lazy as _

from titresto.cards.models import CardAction
from titresto.cards.states import IN_HAND_STATUSES
from titresto.core.errors import DomainError


class LiveCard(NamedTuple):
    """The few columns ordering needs of a live card (selectors build these, not models, so
    that 100 000 of them cost tuples, not model instances)."""

    id: int
    beneficiary_id: int
    status: str
    last_four: str


class CardNotYetInHand(DomainError):
    code = "card_not_yet_in_hand"


def card_to_make(live_card: LiveCard | None, replacement_reason: str) -> CardAction:
    """No live card → a new one; a replacement asked → a replacement; else nothing.

    A replacement without a live card is still a replacement: a lost or stolen card is put in
    opposition (no longer live) as soon as it is declared, before the order that replaces it.
    """
    if replacement_reason:
        if live_card is not None and live_card.status not in IN_HAND_STATUSES:
            raise CardNotYetInHand(
                _(
                    "La carte de ce bénéficiaire est encore en fabrication ou en route : elle ne "
                    "peut pas être remplacée avant d'être reçue. Retirez la demande de "
                    "remplacement."
                )
            )
        return CardAction.REPLACEMENT
    return CardAction.NONE if live_card is not None else CardAction.NEW
