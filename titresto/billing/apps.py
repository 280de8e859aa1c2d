from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BillingConfig(AppConfig):
    name = "titresto.billing"
    verbose_name = _("Documents comptables")

    def ready(self) -> None:
        from titresto.billing import receivers  # noqa: F401  (invoices a paid order)
