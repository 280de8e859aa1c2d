"""The card's life cycle: from each status, the statuses it may move to.

Ordering creates cards `ORDERED`; the fulfilment issue moves them on (the manufacturer, the
carrier, the holder's activation, an opposition). Statuses not listed as a key are final. The
table is a plain mapping so that core's `TransitionTable` can take it as it is.
"""

from collections.abc import Mapping

from titresto.cards.models import Card, CardEvent
from titresto.core.states import TransitionTable

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


def card_can_move(source: str, target: str) -> bool:
    return target in CARD_MOVES.get(source, frozenset())


# The table core's `transition` and `transition_many` move cards along; each event is named
# after its target. No manager's move yet: the partners and the issuer's staff move cards.
CARD_TABLE = TransitionTable.from_targets(CARD_MOVES, history=CardEvent, subject="card")
