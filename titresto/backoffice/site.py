"""The issuer's staff console: Django's admin, in French, at /backoffice/."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _


class BackofficeSite(admin.AdminSite):
    site_header = _("Back-office de l'émetteur")
    site_title = _("Back-office")
    index_title = _("Clients, contrats et gestionnaires")


backoffice_site = BackofficeSite(name="backoffice")
