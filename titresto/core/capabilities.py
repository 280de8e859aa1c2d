"""What a manager may do. Profiles are sets of capabilities; views declare the one they need."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Capability(models.TextChoices):
    DASHBOARD_VIEW = "DASHBOARD_VIEW", _("Voir le tableau de bord")
    ACCOUNT_VIEW = "ACCOUNT_VIEW", _("Consulter le compte et le contrat")
    CONTACTS_MANAGE = "CONTACTS_MANAGE", _("Modifier les contacts du compte")
    ACCESSES_MANAGE = "ACCESSES_MANAGE", _("Gérer les accès gestionnaires")
    ORDERS_VIEW = "ORDERS_VIEW", _("Suivre les commandes")
    ORDERS_CREATE = "ORDERS_CREATE", _("Commander")
    # The second pair of eyes of a client that requires approval: administrators only.
    ORDERS_APPROVE = "ORDERS_APPROVE", _("Valider les commandes")
    BENEFICIARIES_VIEW = "BENEFICIARIES_VIEW", _("Consulter les bénéficiaires")
    BENEFICIARIES_MANAGE = "BENEFICIARIES_MANAGE", _("Gérer les bénéficiaires")
    # A lost or stolen card: who orders for the beneficiaries may stop their card.
    CARDS_OPPOSE = "CARDS_OPPOSE", _("Faire opposition sur une carte")
    DELIVERY_POINTS_VIEW = "DELIVERY_POINTS_VIEW", _("Consulter les points de livraison")
    DELIVERY_POINTS_MANAGE = "DELIVERY_POINTS_MANAGE", _("Gérer les points de livraison")
    DOCUMENTS_VIEW = "DOCUMENTS_VIEW", _("Consulter les documents comptables")
    # The accountant's view: statements, and every document of a period in one ZIP. A
    # Commandeur sees the documents of orders only.
    STATEMENTS_VIEW = "STATEMENTS_VIEW", _("Consulter les relevés de compte")
    STATISTICS_VIEW = "STATISTICS_VIEW", _("Consulter les statistiques")
    AUDIT_VIEW = "AUDIT_VIEW", _("Consulter le journal d'activité")
    # Requests and chats with the service clients, and reading the client's requests.
    SUPPORT_REQUESTS = "SUPPORT_REQUESTS", _("Contacter le service clients et suivre les demandes")


class Profile(models.TextChoices):
    ADMINISTRATEUR = "ADMINISTRATEUR", _("Administrateur")
    COMMANDEUR = "COMMANDEUR", _("Commandeur")
    VISITEUR = "VISITEUR", _("Visiteur")


_READ = frozenset(
    {
        Capability.DASHBOARD_VIEW,
        Capability.ACCOUNT_VIEW,
        Capability.ORDERS_VIEW,
        Capability.BENEFICIARIES_VIEW,
        Capability.DELIVERY_POINTS_VIEW,
        Capability.DOCUMENTS_VIEW,
        Capability.STATISTICS_VIEW,
    }
)

PROFILE_CAPABILITIES: dict[str, frozenset[Capability]] = {
    Profile.ADMINISTRATEUR: frozenset(Capability),
    Profile.COMMANDEUR: _READ
    | {
        Capability.ORDERS_CREATE,
        Capability.BENEFICIARIES_MANAGE,
        Capability.CARDS_OPPOSE,
        Capability.DELIVERY_POINTS_MANAGE,
        Capability.SUPPORT_REQUESTS,
    },
    Profile.VISITEUR: _READ | {Capability.STATEMENTS_VIEW},
}
