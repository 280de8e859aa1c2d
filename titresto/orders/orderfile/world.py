"""What the validation needs to know of the client, read once per file: one query per kind.

Only the columns a check uses, as tuples (`values_list`): 100 000 beneficiaries cost one
query and a dictionary, never a model instance each.
"""

from dataclasses import dataclass
from typing import Any

from titresto.beneficiaries.models import Beneficiary
from titresto.cards.selectors import live_card_holder_ids
from titresto.clients.models import Client
from titresto.delivery.models import DeliveryPoint

# Indexes into a person's tuple.
ID, STATUS, LAST_NAME, FIRST_NAME, BIRTH_DATE, POINT_ID = range(6)
PERSON_COLUMNS = ("id", "status", "last_name", "first_name", "birth_date", "delivery_point_id")
Person = tuple[Any, ...]  # (id, status, last_name, first_name, birth_date, delivery_point_id)


@dataclass(frozen=True)
class OrderFileWorld:
    people: dict[str, Person]  # by matricule
    points: dict[str, tuple[int, bool]]  # by code: (id, is_active)
    live_card_holders: frozenset[int]  # ids of the beneficiaries who have a live card


def order_file_world(*, client: Client) -> OrderFileWorld:
    rows = Beneficiary.objects.filter(client=client).values_list("matricule", *PERSON_COLUMNS)
    people = {row[0]: row[1:] for row in rows.iterator(chunk_size=10_000)}
    points = {
        code: (pk, active)
        for code, pk, active in DeliveryPoint.objects.filter(client=client).values_list(
            "code", "id", "is_active"
        )
    }
    return OrderFileWorld(
        people=people, points=points, live_card_holders=live_card_holder_ids(client=client)
    )
