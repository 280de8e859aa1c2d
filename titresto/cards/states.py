"""The card's life cycle: from each status, the statuses it may move to.

Ordering creates cards `ORDERED`; the fulfilment issue moves them on (the manufacturer, the
carrier, the holder's activation, an opposition). Statuses not listed as a key are final. The
table is a plain mapping so that core's `TransitionTable` can take it as it is.
"""

from collections.abc import Mapping

from django.utils.translation import gettext_lazy as _

from titresto.cards.models import Card, CardEvent, ReplacementReason
from titresto.core.capabilities import Capability
from titresto.core.states import Move, TransitionTable

Status = Card.Status

CARD_MOVES: Mapping[str, frozenset[str]] = {
    Status.ORDERED: frozenset({Status.IN_MANUFACTURE}),
    Status.IN_MANUFACTURE: frozenset({Status.SHIPPED}),
    # Lost in the post (opposition) or damaged on arrival (replaced) before its first use.
    Status.SHIPPED: frozenset({Status.ACTIVE, Status.BLOCKED, Status.REPLACED}),
    Status.ACTIVE: frozenset({Status.BLOCKED, Status.EXPIRED, Status.REPLACED}),
}

# A replacement is for a card its holder has received; one still being made is not replaced.
IN_HAND_STATUSES = frozenset({Status.SHIPPED, Status.ACTIVE})

# The manager's opposition (« Carte et chargements »): its event names its reason, so the
# replacement offered after it knows the reason without a column of its own.
OPPOSITION_EVENTS: Mapping[str, str] = {
    ReplacementReason.LOST: "OPPOSE_LOST",
    ReplacementReason.STOLEN: "OPPOSE_STOLEN",
}
OPPOSITION_REASONS: Mapping[str, str] = {
    event: reason for reason, event in OPPOSITION_EVENTS.items()
}


def card_can_move(source: str, target: str) -> bool:
    return target in CARD_MOVES.get(source, frozenset())


# The table core's `transition` and `transition_many` move cards along. The partners' and the
# issuer's moves are named after their target; the one manager's move is the opposition of a
# card in hand, which needs `CARDS_OPPOSE`.
CARD_TABLE = TransitionTable(
    [
        *(Move(source, target, target) for source, ends in CARD_MOVES.items() for target in ends),
        *(
            Move(source, event, Status.BLOCKED, capability=Capability.CARDS_OPPOSE)
            for source in sorted(IN_HAND_STATUSES)
            for event in OPPOSITION_EVENTS.values()
        ),
    ],
    history=CardEvent,
    subject="card",
    refusals={
        event: _(
            "Cette carte ne peut pas être mise en opposition : son statut est maintenant "
            "« %(status)s ». Rechargez la page pour voir l'état actuel."
        )
        for event in OPPOSITION_EVENTS.values()
    },
)
