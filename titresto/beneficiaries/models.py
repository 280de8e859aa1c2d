from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from titresto.beneficiaries.validators import (
    MATRICULE_MAX,
    NAME_MAX,
    validate_matricule,
    validate_person_name,
)
from titresto.clients.models import ADDRESS_LINE_MAX, Client
from titresto.clients.validators import validate_postcode
from titresto.core.public_ids import public_id_field
from titresto.delivery.models import DeliveryPoint
from titresto.delivery.validators import PHONE_MAX, validate_phone


class Beneficiary(models.Model):
    """An employee of the client who receives a card; the client knows them by their matricule."""

    class Civility(models.TextChoices):
        M = "M", _("M.")
        MME = "MME", _("Mme")

    class Status(models.TextChoices):
        ACTIVE = "ACTIVE", _("Actif")
        DEPARTED = "DEPARTED", _("Parti")

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="beneficiaries")
    # What URLs, forms and selections name it by (core/public_ids.py): never the sequential id.
    public_id = public_id_field()
    matricule = models.CharField(
        _("matricule"), max_length=MATRICULE_MAX, validators=[validate_matricule]
    )
    civility = models.CharField(_("civilité"), max_length=3, choices=Civility.choices)
    last_name = models.CharField(_("nom"), max_length=NAME_MAX, validators=[validate_person_name])
    first_name = models.CharField(
        _("prénom"), max_length=NAME_MAX, validators=[validate_person_name]
    )
    birth_date = models.DateField(_("date de naissance"))
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(
        _("téléphone"), max_length=PHONE_MAX, blank=True, validators=[validate_phone]
    )
    # Where the card is shipped: a site of the client, or else the person's home.
    delivery_point = models.ForeignKey(
        DeliveryPoint,
        verbose_name=_("point de livraison"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="beneficiaries",
    )
    home_address_line1 = models.CharField(
        _("adresse personnelle"), max_length=ADDRESS_LINE_MAX, blank=True
    )
    home_address_line2 = models.CharField(
        _("complément d'adresse"), max_length=ADDRESS_LINE_MAX, blank=True
    )
    home_postcode = models.CharField(
        _("code postal"), max_length=5, blank=True, validators=[validate_postcode]
    )
    home_city = models.CharField(_("ville"), max_length=ADDRESS_LINE_MAX, blank=True)
    status = models.CharField(
        _("statut"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    departure_date = models.DateField(_("date de départ"), null=True, blank=True)
    # Normalized « nom prénom matricule e-mail » (search.py), kept by the services.
    search_text = models.CharField(max_length=400, editable=False)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(_("créé le"))
    updated_at = models.DateTimeField(_("modifié le"))

    class Meta:
        verbose_name = _("bénéficiaire")
        verbose_name_plural = _("bénéficiaires")
        ordering = ["search_text", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["client", "matricule"], name="one_beneficiary_per_matricule_for_order_files"
            ),
            models.CheckConstraint(
                condition=(Q(status="ACTIVE") & Q(departure_date__isnull=True))
                | (Q(status="DEPARTED") & Q(departure_date__isnull=False)),
                name="departure_date_set_exactly_when_departed",
            ),
            models.CheckConstraint(
                condition=(
                    Q(delivery_point__isnull=False)
                    & Q(home_address_line1="")
                    & Q(home_postcode="")
                    & Q(home_city="")
                )
                | (
                    Q(delivery_point__isnull=True)
                    & ~Q(home_address_line1="")
                    & ~Q(home_postcode="")
                    & ~Q(home_city="")
                ),
                name="card_ships_to_one_place_a_delivery_point_or_home",
            ),
        ]
        indexes = [
            # Alphabetical pages and the LIKE scan of a search read this index only.
            models.Index(fields=["client", "search_text", "id"], name="beneficiary_by_name"),
            models.Index(
                fields=["client", "status", "search_text", "id"], name="beneficiary_by_status"
            ),
            models.Index(
                fields=["client", "delivery_point", "search_text", "id"],
                name="beneficiary_by_point",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name.upper()} ({self.matricule})"

    @property
    def full_name(self) -> str:
        return f"{self.get_civility_display()} {self.first_name} {self.last_name.upper()}"

    @property
    def is_departed(self) -> bool:
        return self.status == self.Status.DEPARTED

    @property
    def ships_home(self) -> bool:
        return self.delivery_point_id is None

    @property
    def home_address_lines(self) -> list[str]:
        lines = [
            self.home_address_line1,
            self.home_address_line2,
            f"{self.home_postcode} {self.home_city}".strip(),
        ]
        return [line for line in lines if line]
