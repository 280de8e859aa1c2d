"""The portal's menu, as in the issuer's guide, listing only the pages that exist and are allowed."""

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from titresto.core.capabilities import Capability


@dataclass(frozen=True)
class MenuEntry:
    url_name: str
    label: str | Promise
    capability: Capability


MENU = [
    MenuEntry("portal:dashboard", _("Tableau de bord"), Capability.DASHBOARD_VIEW),
    MenuEntry("orders:list", _("Suivi de mes commandes"), Capability.ORDERS_VIEW),
    MenuEntry("billing:documents", _("Mes documents comptables"), Capability.DOCUMENTS_VIEW),
    MenuEntry(
        "statistics:usage", _("Statistiques d'utilisation carte"), Capability.STATISTICS_VIEW
    ),
    MenuEntry("beneficiaries:list", _("Mes bénéficiaires"), Capability.BENEFICIARIES_VIEW),
    MenuEntry("delivery:list", _("Points de livraison"), Capability.DELIVERY_POINTS_VIEW),
    MenuEntry("portal:account", _("Mon compte"), Capability.ACCOUNT_VIEW),
    MenuEntry("accounts:access_list", _("Gestion des accès"), Capability.ACCESSES_MANAGE),
    MenuEntry("portal:journal", _("Journal d'activité"), Capability.AUDIT_VIEW),
    MenuEntry("support:faq", _("Aide et contact"), Capability.DASHBOARD_VIEW),
]
ORDER_ENTRY = MenuEntry("orders:new", _("COMMANDER"), Capability.ORDERS_CREATE)


def _url(url_name: str) -> str | None:
    try:
        return reverse(url_name)
    except NoReverseMatch:  # the feature is not built yet: no dead link in the menu
        return None


def navigation(request: HttpRequest) -> dict[str, Any]:
    actor = getattr(request, "actor", None)
    if actor is None:
        return {}
    entries = []
    for entry in MENU:
        url = _url(entry.url_name)
        if url and actor.can(entry.capability):
            is_current = request.path == url or (url != "/" and request.path.startswith(url))
            entries.append({"url": url, "label": entry.label, "is_current": is_current})
    order_url = _url(ORDER_ENTRY.url_name) if actor.can(ORDER_ENTRY.capability) else None
    return {
        "navigation": entries,
        "order_url": order_url,
        "order_label": ORDER_ENTRY.label,
        "actor_memberships": actor.memberships,
    }
