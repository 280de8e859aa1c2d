from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrdersConfig(AppConfig):
    name = "titresto.orders"
    verbose_name = _("Commandes")

    def ready(self) -> None:
        from titresto.orders import checks  # noqa: F401  (registers the payment settings' checks)
