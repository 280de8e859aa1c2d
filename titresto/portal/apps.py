from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """The manager's home: the dashboard and the shell, which read across the client's apps."""

    name = "titresto.portal"
    verbose_name = _("Espace Client")
