from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StatisticsConfig(AppConfig):
    name = "titresto.statistics"
    label = "statistics"
    verbose_name = _("Statistiques d'utilisation carte")

    def ready(self) -> None:
        from titresto.statistics import events

        events.register()
