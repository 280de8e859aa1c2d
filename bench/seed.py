"""A large client (100 000 beneficiaries) and a small one (10), written with bulk_create."""

import datetime as dt
import random
from dataclasses import dataclass

from django.db import connection, transaction
from django.utils import timezone

from titresto.accounts.models import Membership, User
from titresto.beneficiaries.models import Beneficiary
from titresto.beneficiaries.search import search_text_for
from titresto.clients.models import Client, Contract
from titresto.clients.services import ContractTerms
from titresto.core.capabilities import Profile
from titresto.delivery.models import DeliveryPoint

LAST_NAMES = [
    "Martin",
    "Bernard",
    "Dubois",
    "Thomas",
    "Robert",
    "Richard",
    "Petit",
    "Durand",
    "Leroy",
    "Moreau",
    "Simon",
    "Laurent",
    "Lefèvre",
    "Michel",
    "Garcia",
    "David",
    "Bertrand",
    "Roux",
    "Vincent",
    "Fournier",
    "Morel",
    "Girard",
    "André",
    "Lefebvre",
    "Mercier",
    "Dupont",
    "Lambert",
    "Bonnet",
    "François",
    "Martinez",
    "Légaré",
    "Nguyen",
    "Hébert",
    "N'Diaye",
    "Le Gall",
    "Müller",
    "Château",
    "Perrin",
    "Faure",
    "Rousseau",
]
FIRST_NAMES = [
    "Élodie",
    "Jérôme",
    "Camille",
    "Hélène",
    "François",
    "Zoé",
    "Noémie",
    "Gaël",
    "Loïc",
    "Inès",
    "Léa",
    "Chloé",
    "Raphaël",
    "Thaïs",
    "Benoît",
    "Anaïs",
    "Cédric",
    "Agnès",
    "Jean-Pierre",
    "Marie-Ève",
    "Hugo",
    "Lucas",
    "Manon",
    "Sarah",
    "Paul",
    "Nicolas",
]


@dataclass(frozen=True)
class World:
    big_user: User
    small_user: User
    big_points: list[DeliveryPoint]
    rare_point: DeliveryPoint


def _client(number: str, name: str, now: dt.datetime) -> Client:
    return Client.objects.create(
        client_number=number,
        legal_name=name,
        siret="73282932000074",
        vat_number="FR44732829320",
        address_line1="1 rue de la Paix",
        postcode="75002",
        city="PARIS",
        created_at=now,
    )


def _contract(client: Client) -> None:
    """The demo client's terms (issue 7): 6,00 € to 15,00 €, 10,00 € by default."""
    terms = ContractTerms(face_value_min_cents=600)
    Contract.objects.create(
        client=client,
        contract_number=f"CT{client.client_number}",
        signed_date=dt.date(2026, 1, 5),
        face_value_min_cents=terms.face_value_min_cents,
        face_value_max_cents=terms.face_value_max_cents,
        face_value_default_cents=terms.face_value_default_cents,
        employer_share_default=terms.employer_share_default,
        commission_rate=terms.commission_rate,
        commission_min_cents=terms.commission_min_cents,
        card_fee_cents=terms.card_fee_cents,
        delivery_fee_cents=terms.delivery_fee_cents,
        home_delivery_fee_cents=terms.home_delivery_fee_cents,
    )


def _manager(client: Client, email: str, now: dt.datetime) -> User:
    user = User.objects.create_user(email, "un mot de passe solide 42", first_name="Banc")
    Membership.objects.create(
        user=user, client=client, profile=Profile.ADMINISTRATEUR, created_at=now
    )
    return user


def _points(client: Client, codes: list[str], now: dt.datetime) -> list[DeliveryPoint]:
    return [
        DeliveryPoint.objects.create(
            client=client,
            code=code,
            name=f"Site {code.title()}",
            address_line1="2 avenue de l'Europe",
            postcode="69003",
            city="LYON",
            contact_name="Claire Martin",
            contact_phone="04 72 00 00 00",
            created_at=now,
            updated_at=now,
        )
        for code in codes
    ]


def _people(client: Client, points: list[DeliveryPoint], count: int, now: dt.datetime):
    rng = random.Random(42)
    for number in range(1, count + 1):
        last = rng.choice(LAST_NAMES)
        first = rng.choice(FIRST_NAMES)
        matricule = f"M{number:07d}"
        email = f"{first}.{last}.{number}@exemple.fr".lower().replace(" ", "").replace("'", "")
        departed = rng.random() < 0.08
        at_home = rng.random() < 0.03
        point = None if at_home else points[0 if rng.random() < 0.7 else 1]
        if number % 10_000 == 0:
            point = points[-1]  # the rare site: 0,01 % of the people
        yield Beneficiary(
            client=client,
            matricule=matricule,
            civility=rng.choice(["M", "MME"]),
            last_name=last,
            first_name=first,
            birth_date=dt.date(1960, 1, 1) + dt.timedelta(days=rng.randrange(15000)),
            email=email,
            delivery_point=point,
            home_address_line1="" if point else "5 rue des Lilas",
            home_postcode="" if point else "33000",
            home_city="" if point else "BORDEAUX",
            status="DEPARTED" if departed else "ACTIVE",
            departure_date=dt.date(2026, 6, 30) if departed else None,
            search_text=search_text_for(
                last_name=last, first_name=first, matricule=matricule, email=email
            ),
            created_at=now,
            updated_at=now,
        )


def _bulk(people, batch: int = 5000) -> None:
    chunk: list[Beneficiary] = []
    for person in people:
        chunk.append(person)
        if len(chunk) == batch:
            Beneficiary.objects.bulk_create(chunk)
            chunk = []
    if chunk:
        Beneficiary.objects.bulk_create(chunk)


def seed(*, population: int) -> World:
    now = timezone.now()
    with transaction.atomic():
        big = _client("90000001", "Grande Entreprise", now)
        small = _client("90000002", "Petite Entreprise", now)
        big_user = _manager(big, "banc-grand@exemple.fr", now)
        small_user = _manager(small, "banc-petit@exemple.fr", now)
        _contract(big)
        big_points = _points(big, ["SIEGE", "ENTREPOT", "AGENCE_RARE"], now)
        small_points = _points(small, ["SIEGE", "ENTREPOT", "AGENCE_RARE"], now)
        _bulk(_people(big, big_points, population, now))
        _bulk(_people(small, small_points, 10, now))
    with connection.cursor() as cursor:
        # What autovacuum (PostgreSQL) or `PRAGMA optimize` (SQLite) do on a live database.
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    return World(
        big_user=big_user, small_user=small_user, big_points=big_points, rare_point=big_points[-1]
    )
