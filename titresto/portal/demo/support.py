"""Demo requests to the service clients: SONACS asks about its parcel in incident (open, an
agent's internal note on it) and had a question about its invoice answered (resolved).
Idempotent: a client with requests is left as it is."""

import datetime as dt

from titresto.accounts.models import User
from titresto.clients.models import Client
from titresto.fulfilment.models import Parcel
from titresto.portal.demo.orders import _actor
from titresto.support.models import ContactRequest
from titresto.support.requests import request_agent_reply, request_create, request_resolve


def seed_requests(*, client: Client, agent: User, now: dt.datetime) -> None:
    if ContactRequest.objects.filter(client=client).exists():
        return
    actor = _actor(client)
    parcel = (
        Parcel.objects.filter(client=client, status=Parcel.Status.INCIDENT)
        .select_related("order")
        .first()
    )
    invoice = request_create(
        actor=actor,
        category=ContactRequest.Category.INVOICE,
        subject="Deux documents pour une seule commande ?",
        body=(
            "Bonjour, pour notre dernière commande nous avons reçu une facture de frais et un "
            "document de valeur faciale. Faut-il payer les deux ?"
        ),
        order=parcel.order if parcel else None,
        uploads=[],
        now=now - dt.timedelta(days=6),
    )
    request_agent_reply(
        staff=agent,
        contact=invoice,
        body=(
            "Bonjour, les deux documents forment ensemble le total que vous avez déjà payé : la "
            "valeur faciale est hors TVA, les frais de service sont soumis à 20 %. Rien de plus "
            "n'est à régler."
        ),
        uploads=[],
        now=now - dt.timedelta(days=6, hours=-2),
    )
    request_resolve(staff=agent, contact=invoice, now=now - dt.timedelta(days=5))
    parcel_request = request_create(
        actor=actor,
        category=ContactRequest.Category.DELIVERY,
        subject="Colis de cartes en incident",
        body=(
            "Bonjour, le suivi de notre colis indique un incident depuis deux jours. Nos "
            "nouveaux salariés attendent leur carte : pouvez-vous nous dire quand il arrivera ?"
        ),
        order=parcel.order if parcel else None,
        uploads=[],
        now=now - dt.timedelta(hours=3),
    )
    request_agent_reply(
        staff=agent,
        contact=parcel_request,
        body="Relancer Colissimo : adresse du site à vérifier avec le client.",
        uploads=[],
        now=now - dt.timedelta(hours=2),
        internal=True,
    )
