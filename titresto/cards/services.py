"""Cards' writes by a manager: the opposition of a lost or stolen card."""

from datetime import datetime

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from titresto.beneficiaries.models import Beneficiary
from titresto.cards.models import Card, ReplacementReason
from titresto.cards.states import CARD_TABLE, OPPOSITION_EVENTS
from titresto.core.actors import Actor
from titresto.core.audit import audit_record
from titresto.core.errors import DomainError
from titresto.core.states import transition


class OppositionInvalid(DomainError):
    code = "opposition_invalid"


@transaction.atomic
def card_oppose(
    *, actor: Actor, beneficiary: Beneficiary, card_id: int, reason: str, now: datetime
) -> Card:
    """« Faire opposition »: the beneficiary's card in hand (shipped or active), lost or stolen,
    is blocked for good (`CARDS_OPPOSE`). The card is named by the id the manager saw, so a
    second click after a replacement arrived never blocks the new card; its scheduled loads stay
    scheduled until a new card is made."""
    if reason not in OPPOSITION_EVENTS:
        raise OppositionInvalid(_("Choisissez le motif : perte ou vol."), field="reason")
    card = Card.objects.filter(
        pk=card_id, client=actor.client, beneficiary_id=beneficiary.pk
    ).first()
    if card is None:
        raise OppositionInvalid(
            _("Cette carte n'est pas celle de ce bénéficiaire : rechargez la page.")
        )
    label = str(ReplacementReason(reason).label)
    card = transition(
        card, OPPOSITION_EVENTS[reason], table=CARD_TABLE, by=actor, now=now, reason=label
    )
    audit_record(
        actor_user=actor.user,
        action="card.oppose",
        now=now,
        client=actor.client,
        target=card,
        data={
            "matricule": beneficiary.matricule,
            "reason": reason,
            "last_four": card.last_four,
        },
    )
    return card
