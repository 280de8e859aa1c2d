from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BackofficeConfig(AppConfig):
    name = "titresto.backoffice"
    verbose_name = _("Back-office de l'émetteur")

    def ready(self) -> None:
        # Each area's admin in its own module (admin.py is autodiscovered, these are not).
        from titresto.backoffice import support_admin  # noqa: F401
