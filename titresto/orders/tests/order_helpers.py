"""Orders for tests: a client with a contract, its managers as actors, drafts with lines."""

import datetime as dt

from django.utils import timezone

from tests.factories import (
    BeneficiaryFactory,
    ContractFactory,
    DeliveryPointFactory,
    MembershipFactory,
    actor_for,
)
from titresto.core.actors import Actor
from titresto.core.capabilities import Profile
from titresto.orders.models import Order
from titresto.orders.services.drafts import draft_add, draft_start

PERIOD = dt.date(2026, 12, 1)


def shop(**client_fields: object) -> Actor:
    """An Administrateur's actor for a new client with an active contract (10,00 € at 60 %)."""
    contract = ContractFactory(
        **{f"client__{name}": value for name, value in client_fields.items()}
    )
    return actor_for(MembershipFactory(client=contract.client, profile=Profile.ADMINISTRATEUR))


def colleague(actor: Actor, profile: str = Profile.COMMANDEUR) -> Actor:
    return actor_for(MembershipFactory(client=actor.client, profile=profile))


def people(actor: Actor, count: int, **fields: object) -> list:
    point = DeliveryPointFactory(client=actor.client)
    return [
        BeneficiaryFactory(client=actor.client, delivery_point=point, **fields)
        for _ in range(count)
    ]


def draft_with(actor: Actor, count: int = 2, titres: int = 20) -> Order:
    """A unit draft of `count` new people (new cards, one point), `titres` each."""
    order = draft_start(actor=actor, load_period=PERIOD, load_date=None, now=timezone.now())
    chosen = people(actor, count)
    draft_add(
        actor=actor,
        order=order,
        public_ids=[person.public_id for person in chosen],
        titres=titres,
        now=timezone.now(),
    )
    order.refresh_from_db()
    return order
