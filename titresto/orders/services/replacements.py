"""The replacement offered after a card's opposition: a one-line draft « unitaire », built with
the drafts' own services (numbering, terms, pricing), never a pricing of its own."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from titresto.beneficiaries.models import Beneficiary
from titresto.cards.models import CardAction, ReplacementReason
from titresto.cards.rules import CardNotYetInHand, card_to_make
from titresto.cards.selectors import live_cards_by_beneficiary
from titresto.core.actors import Actor
from titresto.orders.models import Order, OrderLine
from titresto.orders.services.drafts import _destination, draft_start
from titresto.orders.services.orders import (
    OrderInvalid,
    first_of_month,
    lines_write,
    order_reprice,
)
from titresto.orders.terms import OrderTerms


def replacement_draft_of(*, actor: Actor, beneficiary: Beneficiary) -> Order | None:
    """A draft of the client that already replaces this person's card (one query)."""
    return (
        Order.objects.filter(
            client=actor.client,
            status=Order.Status.DRAFT,
            lines__beneficiary=beneficiary,
            lines__card_action=CardAction.REPLACEMENT,
        )
        .order_by("-created_at", "-id")
        .first()
    )


@transaction.atomic
def draft_replacement(
    *, actor: Actor, beneficiary: Beneficiary, reason: str, now: datetime
) -> Order:
    """« Commander une carte de remplacement »: a draft of this person's replacement card with
    its reason and no titres (the manager may add some), delivered where their record says. A
    draft already replacing it is returned instead, so that a second click makes no second
    card."""
    if reason not in ReplacementReason.values:
        raise OrderInvalid(_("Choisissez un motif de remplacement dans la liste."), field="card")
    beneficiary = Beneficiary.objects.select_for_update().get(
        pk=beneficiary.pk, client=actor.client
    )
    if beneficiary.status != Beneficiary.Status.ACTIVE:
        raise OrderInvalid(
            _("Ce bénéficiaire est parti : réintégrez-le avant de lui commander une carte.")
        )
    existing = replacement_draft_of(actor=actor, beneficiary=beneficiary)
    if existing is not None:
        return existing
    live = live_cards_by_beneficiary(client=actor.client, beneficiary_ids=[beneficiary.pk])
    try:
        action = card_to_make(live.get(beneficiary.pk), reason)
    except CardNotYetInHand as refusal:
        raise OrderInvalid(refusal.user_message, field="card") from refusal
    order = draft_start(
        actor=actor,
        load_period=first_of_month(timezone.localdate(now)),
        load_date=None,
        now=now,
    )
    contract = OrderTerms.from_json(order.terms).contract
    lines_write(
        [
            OrderLine(
                client_id=order.client_id,
                order=order,
                position=1,
                beneficiary=beneficiary,
                titres=0,
                face_value_cents=contract.face_value_default_cents,
                employer_share=contract.employer_share_default,
                card_action=action,
                replacement_reason=reason,
                **_destination(beneficiary),
            )
        ]
    )
    order_reprice(order, now=now)
    return order
