from django.db import models
from django.utils.translation import gettext_lazy as _

from titresto.clients.models import ADDRESS_LINE_MAX, Client
from titresto.clients.validators import validate_postcode
from titresto.core.public_ids import public_id_field
from titresto.delivery.validators import (
    DELIVERY_POINT_CODE_MAX,
    PHONE_MAX,
    validate_delivery_point_code,
    validate_phone,
)


class DeliveryPoint(models.Model):
    """A site of the client where card parcels are shipped; order files name it by its code."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="delivery_points")
    # What URLs, forms and selections name it by (core/public_ids.py): never the sequential id.
    public_id = public_id_field()
    code = models.CharField(
        _("code"),
        max_length=DELIVERY_POINT_CODE_MAX,
        validators=[validate_delivery_point_code],
        help_text=_("Le code à indiquer dans la colonne point_livraison des fichiers de commande."),
    )
    name = models.CharField(_("nom du site"), max_length=ADDRESS_LINE_MAX)
    address_line1 = models.CharField(_("adresse"), max_length=ADDRESS_LINE_MAX)
    address_line2 = models.CharField(
        _("complément d'adresse"), max_length=ADDRESS_LINE_MAX, blank=True
    )
    postcode = models.CharField(_("code postal"), max_length=5, validators=[validate_postcode])
    city = models.CharField(_("ville"), max_length=ADDRESS_LINE_MAX)
    contact_name = models.CharField(_("personne à contacter"), max_length=ADDRESS_LINE_MAX)
    contact_phone = models.CharField(
        _("téléphone du contact"), max_length=PHONE_MAX, validators=[validate_phone]
    )
    contact_email = models.EmailField(_("e-mail du contact"), blank=True)
    instructions = models.TextField(
        _("instructions de livraison"),
        max_length=300,
        blank=True,
        help_text=_("Horaires d'ouverture, étage, digicode… (300 caractères au plus)."),
    )
    is_active = models.BooleanField(_("actif"), default=True)
    # Incremented by every update: an edit made on an older version is refused, not merged.
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(_("créé le"))
    updated_at = models.DateTimeField(_("modifié le"))

    class Meta:
        verbose_name = _("point de livraison")
        verbose_name_plural = _("points de livraison")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(
                fields=["client", "code"], name="one_delivery_point_per_code_for_order_files"
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} – {self.name}"

    @property
    def address_lines(self) -> list[str]:
        lines = [self.address_line1, self.address_line2, f"{self.postcode} {self.city}"]
        return [line for line in lines if line]
