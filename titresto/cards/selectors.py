from collections.abc import Collection

from titresto.cards.models import Card
from titresto.cards.rules import LiveCard
from titresto.clients.models import Client

# Past this many ids, reading all the client's live cards is one query that fits every
# database's parameter limit (SQLite's is 32 766), and costs about the same.
IN_LIST_MAX = 2_000


def live_cards_by_beneficiary(
    *, client: Client, beneficiary_ids: Collection[int]
) -> dict[int, LiveCard]:
    """The live card of each of these beneficiaries that has one, in one query."""
    if not beneficiary_ids:
        return {}
    rows = Card.objects.filter(client=client, status__in=Card.LIVE_STATUSES)
    if len(beneficiary_ids) <= IN_LIST_MAX:
        rows = rows.filter(beneficiary_id__in=beneficiary_ids)
    wanted = (
        beneficiary_ids if isinstance(beneficiary_ids, set | frozenset) else set(beneficiary_ids)
    )
    return {
        row[1]: LiveCard(*row)
        for row in rows.values_list("id", "beneficiary_id", "status", "last_four").iterator(
            chunk_size=10_000
        )
        if row[1] in wanted
    }


def live_card_holder_ids(*, client: Client) -> frozenset[int]:
    """The client's beneficiaries who hold a live card, in one query (an order file's check of
    who needs a new card reads them all at once)."""
    return frozenset(
        Card.objects.filter(client=client, status__in=Card.LIVE_STATUSES)
        .values_list("beneficiary_id", flat=True)
        .iterator(chunk_size=10_000)
    )
