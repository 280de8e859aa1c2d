"""« Journal d'activité »: the client's audit events told in French, filtered, paged, exported.

The one place that turns an action code into words: a code missing here (a new service's) is
shown as it is rather than hidden, so the journal never loses an event.
"""

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from titresto.accounts.models import Membership
from titresto.clients.models import Client, Contact
from titresto.clients.services import CLIENT_OPTIONS
from titresto.core.actors import Actor
from titresto.core.models import AuditEvent
from titresto.core.pagination import PAGE_SIZE, Page, page_bounds

ACTION_LABELS: dict[str, Promise] = {
    "client.created": _("Compte client créé"),
    "contract.created": _("Contrat créé"),
    "contact.create": _("Contact renseigné"),
    "contact.update": _("Contact modifié"),
    "user.created": _("Utilisateur créé"),
    "membership.created": _("Accès gestionnaire créé"),
    "activation.link_sent": _("Lien d'activation envoyé"),
    "activation.failed": _("Activation refusée (numéros erronés)"),
    "activation.completed": _("Accès activé"),
    "access.invited": _("Gestionnaire invité"),
    "access.profile_changed": _("Profil d'accès modifié"),
    "access.suspended": _("Accès suspendu"),
    "access.reactivated": _("Accès réactivé"),
    "access.removed": _("Accès supprimé"),
    "access.invitation_withdrawn": _("Invitation retirée"),
    "client.option_changed": _("Option du compte modifiée"),
    "profile.created": _("Profil d'habilitation créé"),
    "profile.updated": _("Profil d'habilitation modifié"),
    "profile.deleted": _("Profil d'habilitation supprimé"),
    "beneficiary.create": _("Bénéficiaire créé"),
    "beneficiary.update": _("Bénéficiaire modifié"),
    "beneficiary.depart": _("Départ enregistré"),
    "beneficiary.reinstate": _("Bénéficiaire réintégré"),
    "beneficiary.delete": _("Bénéficiaire supprimé"),
    "card.oppose": _("Carte mise en opposition"),
    "delivery_point.create": _("Point de livraison créé"),
    "delivery_point.update": _("Point de livraison modifié"),
    "delivery_point.activate": _("Point de livraison réactivé"),
    "delivery_point.deactivate": _("Point de livraison désactivé"),
    "delivery_point.delete": _("Point de livraison supprimé"),
    "order.create": _("Commande créée"),
    "order.submit": _("Commande validée"),
    "order.submit_for_approval": _("Commande soumise à validation"),
    "order.approve": _("Commande approuvée"),
    "order.reject": _("Commande refusée, renvoyée en brouillon"),
    "order.pay": _("Commande payée"),
    "order.cancel": _("Commande annulée"),
    "order.manufacture": _("Cartes en fabrication"),
    "order.ship": _("Commande expédiée"),
    "order.deliver": _("Commande livrée"),
    "order.payment_started": _("Paiement par carte commencé"),
    "order.payment_to_refund": _("Paiement à rembourser"),
    "order.transfer_chosen": _("Paiement par virement choisi"),
    "order.transfer_recorded": _("Virement reçu enregistré"),
    "order_import.upload": _("Fichier de commande déposé"),
    "order_import.confirm": _("Fichier de commande confirmé"),
    "order_import.abandon": _("Fichier de commande abandonné"),
    "orders.exported": _("Historique des commandes exporté"),
    "support_request.create": _("Demande envoyée au service clients"),
    "support_request.reply": _("Message ajouté à une demande"),
    "support_request.answered": _("Réponse du service clients"),
    "support_request.resolved": _("Demande résolue par le service clients"),
}

TARGET_LABELS: dict[str, Promise] = {
    "clients.client": _("Fiche client"),
    "clients.contract": _("Contrat"),
    "clients.contact": _("Contact"),
    "accounts.user": _("Utilisateur"),
    "accounts.membership": _("Accès gestionnaire"),
    "accounts.activationinvitation": _("Lien d'activation"),
    "accounts.customprofile": _("Profil d'habilitation"),
    "beneficiaries.beneficiary": _("Bénéficiaire"),
    "cards.card": _("Carte"),
    "delivery.deliverypoint": _("Point de livraison"),
    "orders.order": _("Commande"),
    "orders.orderimport": _("Fichier de commande"),
    "support.contactrequest": _("Demande"),
}

# What names the object in an event's data, in order of preference.
TARGET_KEYS = (
    "number",
    "order",
    "matricule",
    "code",
    "filename",
    "contract_number",
    "email",
    "name",
)


def action_label(code: str) -> str:
    label = ACTION_LABELS.get(code)
    return code if label is None else str(label)


@dataclass(frozen=True)
class Kind:
    slug: str
    label: Promise
    prefixes: tuple[str, ...]

    def condition(self) -> Q:
        condition = Q()
        for prefix in self.prefixes:
            condition |= Q(action__startswith=f"{prefix}.")
        return condition


KINDS = (
    Kind("commandes", _("Commandes"), ("order", "order_import", "orders")),
    Kind("beneficiaires", _("Bénéficiaires"), ("beneficiary", "card")),
    Kind("points-de-livraison", _("Points de livraison"), ("delivery_point",)),
    Kind("compte", _("Compte et contacts"), ("client", "contract", "contact")),
    Kind(
        "acces",
        _("Accès gestionnaires"),
        ("user", "membership", "activation", "access", "profile"),
    ),
    Kind("service-clients", _("Service clients"), ("support_request",)),
)
KIND_BY_SLUG = {kind.slug: kind for kind in KINDS}


def _target_label(event: AuditEvent) -> str:
    noun = TARGET_LABELS.get(event.target_type)
    data: dict[str, Any] = event.data if isinstance(event.data, dict) else {}
    if event.target_type == "clients.contact" and data.get("role") in Contact.Role.values:
        return str(Contact.Role(data["role"]).label)
    if event.target_type == "clients.client" and data.get("option") in CLIENT_OPTIONS:
        return str(getattr(Client._meta.get_field(data["option"]), "verbose_name", data["option"]))
    name = next((str(data[key]) for key in TARGET_KEYS if data.get(key)), "")
    parts = [str(noun) if noun else event.target_type, name]
    return " ".join(part for part in parts if part)


@dataclass(frozen=True)
class JournalEntry:
    created_at: dt.datetime
    who: str
    what: str
    target: str

    @classmethod
    def of(cls, event: AuditEvent) -> "JournalEntry":
        return cls(
            created_at=event.created_at,
            who=event.actor_label,
            what=action_label(event.action),
            target=_target_label(event),
        )


@dataclass(frozen=True)
class JournalFilters:
    user_id: int | None = None
    kind: str = ""
    start: dt.date | None = None
    end: dt.date | None = None  # included


def journal_people(*, actor: Actor) -> list[tuple[int, str]]:
    """Whom the journal can be filtered by: the client's managers, by name."""
    memberships = Membership.objects.filter(client=actor.client).select_related("user")
    people = [(m.user_id, m.user.get_full_name() or m.user.email) for m in memberships]
    return sorted(people, key=lambda person: person[1].lower())


def _midnight(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _events(*, actor: Actor, filters: JournalFilters) -> QuerySet[AuditEvent]:
    events = AuditEvent.objects.filter(client=actor.client)
    if filters.user_id is not None:
        events = events.filter(actor_user_id=filters.user_id)
    if filters.kind in KIND_BY_SLUG:
        events = events.filter(KIND_BY_SLUG[filters.kind].condition())
    if filters.start is not None:
        events = events.filter(created_at__gte=_midnight(filters.start))
    if filters.end is not None:
        events = events.filter(created_at__lt=_midnight(filters.end + dt.timedelta(days=1)))
    return events.order_by("-created_at", "-id").only(
        "created_at", "actor_label", "action", "target_type", "data"
    )


def journal_page(*, actor: Actor, filters: JournalFilters, number: int) -> Page:
    """One page of the actor's client's events, newest first: 2 queries (count, rows)."""
    events = _events(actor=actor, filters=filters)
    total = events.count()
    number, page_count, offset = page_bounds(total=total, number=number)
    rows = [JournalEntry.of(event) for event in events[offset : offset + PAGE_SIZE]]
    return Page(rows=rows, total=total, number=number, page_count=page_count)


def journal_csv_rows(*, actor: Actor, filters: JournalFilters) -> Iterator[list[str]]:
    """The filtered journal for the CSV export, read in chunks as it is written."""
    yield [str(_("date")), str(_("heure")), str(_("auteur")), str(_("action")), str(_("objet"))]
    for event in _events(actor=actor, filters=filters).iterator(chunk_size=2000):
        entry = JournalEntry.of(event)
        when = timezone.localtime(entry.created_at)
        yield [
            date_format(when, "SHORT_DATE_FORMAT"),
            date_format(when, "H:i"),
            entry.who,
            entry.what,
            entry.target,
        ]
