from django.apps import AppConfig
from django.urls import register_converter
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "titresto.core"
    verbose_name = _("Noyau")

    def ready(self) -> None:
        from titresto.core.public_ids import PublicIdConverter

        register_converter(PublicIdConverter, "public_id")
