from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupportConfig(AppConfig):
    name = "titresto.support"
    verbose_name = _("Service clients")
