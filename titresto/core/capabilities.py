"""What a manager may do. Profiles are sets of capabilities; views declare the one they need."""

from django.db import models
from django.utils.functional import Promise
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
    # One of the client's own profiles (accounts.CustomProfile), built from the capabilities.
    PERSONNALISE = "PERSONNALISE", _("Personnalisé")


BUILT_IN_PROFILES = (Profile.ADMINISTRATEUR, Profile.COMMANDEUR, Profile.VISITEUR)


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

# One line for each capability, shown where an administrator builds a profile.
CAPABILITY_HELP: dict[Capability, Promise] = {
    Capability.DASHBOARD_VIEW: _("La page d'accueil du portail, avec ce qui est à traiter."),
    Capability.ACCOUNT_VIEW: _("Les données du compte, du contrat et des frais (« Mon compte »)."),
    Capability.CONTACTS_MANAGE: _("Changer les contacts facturation, livraison et gestionnaire."),
    Capability.ACCESSES_MANAGE: _("Inviter des gestionnaires, changer leurs profils et sites."),
    Capability.ORDERS_VIEW: _("Voir les commandes, leur suivi et exporter leur historique."),
    Capability.ORDERS_CREATE: _("Préparer, valider, payer et annuler des commandes."),
    Capability.ORDERS_APPROVE: _("Approuver ou refuser la commande préparée par un collègue."),
    Capability.BENEFICIARIES_VIEW: _("Consulter la liste des bénéficiaires et leurs fiches."),
    Capability.BENEFICIARIES_MANAGE: _("Créer, modifier, enregistrer le départ des bénéficiaires."),
    Capability.DELIVERY_POINTS_VIEW: _("Consulter les sites où les cartes sont livrées."),
    Capability.DELIVERY_POINTS_MANAGE: _("Créer, modifier, désactiver les points de livraison."),
    Capability.DOCUMENTS_VIEW: _("Télécharger les factures et les autres documents comptables."),
    Capability.STATEMENTS_VIEW: _("Les relevés de compte, et tous les documents d'une période."),
    Capability.STATISTICS_VIEW: _("Consulter les statistiques d'utilisation des cartes."),
    Capability.AUDIT_VIEW: _("Lire le journal d'activité : qui a fait quoi, et quand."),
    Capability.CARDS_OPPOSE: _("Mettre en opposition la carte perdue ou volée d'un bénéficiaire."),
    Capability.SUPPORT_REQUESTS: _("Écrire au service clients et suivre ses demandes."),
}
# Every profile has the portal's home page: without it a manager would land on a refusal.
ALWAYS_GRANTED = frozenset({Capability.DASHBOARD_VIEW})
# Kept for the Administrateur: managing accesses (DOMAIN.md) and the second pair of eyes on
# orders; a custom profile holding them would be an administrator under another name.
ADMINISTRATOR_ONLY = frozenset({Capability.ACCESSES_MANAGE, Capability.ORDERS_APPROVE})
DELEGABLE_CAPABILITIES = tuple(c for c in Capability if c not in ADMINISTRATOR_ONLY)
