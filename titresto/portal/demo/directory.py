"""Demo delivery points and beneficiaries. Idempotent: points found by code, people by matricule.

Everything goes through the real services (as the system, no manager), so the demo's history
reads « modifié par système » and the search text is kept as in real use.
"""

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from titresto.beneficiaries.models import Beneficiary
from titresto.beneficiaries.search import normalize
from titresto.beneficiaries.services import BeneficiaryData, beneficiary_create, beneficiary_depart
from titresto.clients.models import Client
from titresto.core.actors import Actor
from titresto.delivery.models import DeliveryPoint
from titresto.delivery.services import DeliveryPointData, delivery_point_create
from titresto.portal.demo.clients import ATELIER_DUPONT, SONACS


@dataclass(frozen=True)
class Person:
    matricule: str
    civility: str
    last_name: str
    first_name: str
    site: str  # a delivery point code, or "" for home delivery
    departed_days_ago: int = 0


SONACS_POINTS = [
    DeliveryPointData(
        code="SIEGE",
        name="Siège SONACS",
        address_line1="12 rue de la Paix",
        address_line2="3e étage, accueil",
        postcode="75002",
        city="PARIS",
        contact_name="Claire Lefèvre",
        contact_phone="01 42 00 12 12",
        contact_email="accueil@sonacs.example",
        instructions="Du lundi au vendredi, 9 h – 17 h. Digicode 4512B.",
    ),
    DeliveryPointData(
        code="ENTREPOT",
        name="Entrepôt de Saint-Priest",
        address_line1="ZI des Chênes, 8 allée Nord",
        address_line2="",
        postcode="69800",
        city="SAINT-PRIEST",
        contact_name="Jérôme Garnier",
        contact_phone="04 72 00 34 34",
        contact_email="logistique@sonacs.example",
        instructions="Quai 3. Fermé le vendredi après-midi.",
    ),
]
DUPONT_POINTS = [
    DeliveryPointData(
        code="ATELIER",
        name="Atelier Dupont",
        address_line1="4 quai des Chartrons",
        address_line2="",
        postcode="33000",
        city="BORDEAUX",
        contact_name="Marc Dupont",
        contact_phone="05 56 00 00 00",
        contact_email="",
        instructions="",
    )
]

_SONACS_NAMES = [
    ("MME", "Lefèvre", "Élodie"), ("M", "Garnier", "Jérôme"), ("MME", "Nguyen", "Thaïs"),
    ("M", "Hébert", "François"), ("MME", "N'Diaye", "Aïssatou"), ("M", "Le Gall", "Gaël"),
    ("MME", "Légaré", "Hélène"), ("M", "Moreau", "Loïc"), ("MME", "Dubois", "Chloé"),
    ("M", "Martin", "Benoît"), ("MME", "Bernard", "Inès"), ("M", "Petit", "Raphaël"),
    ("MME", "Roux", "Noémie"), ("M", "Fournier", "Cédric"), ("MME", "Girard", "Agnès"),
    ("M", "Bonnet", "Jean-Pierre"), ("MME", "Mercier", "Marie-Ève"), ("M", "Lambert", "Hugo"),
    ("MME", "Faure", "Zoé"), ("M", "Rousseau", "Lucas"), ("MME", "Perrin", "Manon"),
    ("M", "Château", "Paul"), ("MME", "Müller", "Sarah"), ("M", "Simon", "Nicolas"),
    ("MME", "Laurent", "Anaïs"), ("M", "Michel", "Théo"), ("MME", "Garcia", "Léa"),
    ("M", "David", "Mathéo"), ("MME", "Bertrand", "Océane"), ("M", "Vincent", "Joël"),
    ("MME", "Morel", "Maëlle"), ("M", "André", "Noël"), ("MME", "Lefebvre", "Cécile"),
    ("M", "Robert", "Stéphane"), ("MME", "Richard", "Bérénice"), ("M", "Durand", "Aurélien"),
    ("MME", "Thomas", "Eléonore"), ("M", "Leroy", "Grégoire"), ("MME", "Dupré", "Anne-Sophie"),
    ("M", "Blanc", "Médéric"),
]  # fmt: skip


def _sonacs_people() -> list[Person]:
    people = []
    for index, (civility, last_name, first_name) in enumerate(_SONACS_NAMES, start=1):
        site = "" if index % 13 == 0 else ("ENTREPOT" if index % 3 == 0 else "SIEGE")
        departed = 30 * index if index % 9 == 0 else 0
        people.append(Person(f"SON{index:04d}", civility, last_name, first_name, site, departed))
    return people


DUPONT_PEOPLE = [
    Person("AD-01", "M", "Dupont", "Marc", "ATELIER"),
    Person("AD-02", "MME", "Brémond", "Solène", "ATELIER"),
    Person("AD-03", "M", "Oliveira", "João", "ATELIER"),
    Person("AD-04", "MME", "Caron", "Élise", "", departed_days_ago=60),
]
AT_HOME = {
    "home_address_line1": "5 rue des Lilas",
    "home_address_line2": "",
    "home_postcode": "33000",
    "home_city": "BORDEAUX",
}
AT_A_POINT = dict.fromkeys(AT_HOME, "")


def _points(
    actor: Actor, specs: list[DeliveryPointData], now: dt.datetime
) -> dict[str, DeliveryPoint]:
    points = {point.code: point for point in DeliveryPoint.objects.filter(client=actor.client)}
    for spec in specs:
        if spec.code not in points:
            points[spec.code] = delivery_point_create(actor=actor, data=spec, now=now)
    return points


def _birth_date(index: int, now: dt.datetime) -> dt.date:
    return dt.date(
        timezone.localdate(now).year - 22 - (index * 7) % 40, 1 + index % 12, 1 + index % 28
    )


def _email(person: Person, domain: str) -> str:
    return f"{normalize(f'{person.first_name} {person.last_name}').replace(' ', '.')}@{domain}"


def _people(
    actor: Actor,
    people: list[Person],
    points: dict[str, DeliveryPoint],
    *,
    domain: str,
    now: dt.datetime,
) -> None:
    known = set(Beneficiary.objects.filter(client=actor.client).values_list("matricule", flat=True))
    for index, person in enumerate(people):
        if person.matricule in known:
            continue
        data = BeneficiaryData(
            matricule=person.matricule,
            civility=person.civility,
            last_name=person.last_name,
            first_name=person.first_name,
            birth_date=_birth_date(index, now),
            email=_email(person, domain),
            phone="",
            delivery_point=points[person.site] if person.site else None,
            **(AT_A_POINT if person.site else AT_HOME),
        )
        beneficiary = beneficiary_create(actor=actor, data=data, now=now)
        if person.departed_days_ago:
            departure = timezone.localdate(now) - dt.timedelta(days=person.departed_days_ago)
            beneficiary_depart(
                actor=actor, beneficiary=beneficiary, departure_date=departure, now=now
            )


@transaction.atomic
def seed_directory(*, client: Client, now: dt.datetime) -> None:
    """SONACS: `SIEGE`, `ENTREPOT` and 40 people; Atelier Dupont: one site and four people."""
    actor = Actor(user=None, client=client, membership=None)
    if client.siret == SONACS.siret:
        points = _points(actor, SONACS_POINTS, now)
        _people(actor, _sonacs_people(), points, domain="sonacs.example", now=now)
    elif client.siret == ATELIER_DUPONT.siret:
        points = _points(actor, DUPONT_POINTS, now)
        _people(actor, DUPONT_PEOPLE, points, domain="atelier-dupont.example", now=now)
