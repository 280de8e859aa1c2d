from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FulfilmentConfig(AppConfig):
    name = "titresto.fulfilment"
    verbose_name = _("Fabrication, expédition et chargement")

    def ready(self) -> None:
        from titresto.fulfilment import receivers  # noqa: F401  (starts fulfilment once paid)
