from django.db import models
from django.utils.translation import gettext_lazy as _

from titresto.clients.validators import validate_postcode, validate_siret, vat_number_for_siren

ADDRESS_LINE_MAX = 38  # the carrier's label line (DOMAIN.md, order file)


class Client(models.Model):
    """The tenant: an employer (a legal entity) that buys titres for its employees."""

    class CarryOver(models.TextChoices):
        AUTOMATIC = "AUTOMATIC", _("Automatique")
        ON_REQUEST = "ON_REQUEST", _("Sur demande du bénéficiaire")

    client_number = models.CharField(_("numéro client"), max_length=12, unique=True)
    legal_name = models.CharField(_("raison sociale"), max_length=120)
    siret = models.CharField(_("SIRET"), max_length=14, validators=[validate_siret])
    vat_number = models.CharField(_("numéro de TVA intracommunautaire"), max_length=20)
    address_line1 = models.CharField(_("adresse"), max_length=ADDRESS_LINE_MAX)
    address_line2 = models.CharField(
        _("complément d'adresse"), max_length=ADDRESS_LINE_MAX, blank=True
    )
    postcode = models.CharField(_("code postal"), max_length=5, validators=[validate_postcode])
    city = models.CharField(_("ville"), max_length=ADDRESS_LINE_MAX)
    requires_order_approval = models.BooleanField(
        _("validation des commandes par un second gestionnaire"), default=False
    )
    allows_sunday_use = models.BooleanField(
        _("utilisation les dimanches et jours fériés"), default=False
    )
    requires_two_factor = models.BooleanField(
        _("double authentification obligatoire"), default=False
    )
    # What happens to last year's balances after February: carried over for everyone, or
    # only for the beneficiaries who ask.
    carry_over_policy = models.CharField(
        _("report des soldes de l'année précédente"),
        max_length=12,
        choices=CarryOver.choices,
        default=CarryOver.AUTOMATIC,
    )
    # Set by the orders app's payment service: unlocks access and contact management.
    first_order_paid_at = models.DateTimeField(
        _("première commande payée le"), null=True, blank=True
    )
    created_at = models.DateTimeField(_("créé le"))

    class Meta:
        verbose_name = _("client")
        verbose_name_plural = _("clients")
        ordering = ["legal_name"]

    def __str__(self) -> str:
        return f"{self.legal_name} ({self.client_number})"

    @property
    def siren(self) -> str:
        return self.siret[:9]

    @property
    def has_paid_first_order(self) -> bool:
        return self.first_order_paid_at is not None

    def default_vat_number(self) -> str:
        return vat_number_for_siren(self.siren)


class Contract(models.Model):
    class Product(models.TextChoices):
        MEAL_CARD = "MEAL_CARD", _("Carte titre-restaurant")

    class Status(models.TextChoices):
        ACTIVE = "ACTIVE", _("Actif")
        SUSPENDED = "SUSPENDED", _("Suspendu")
        TERMINATED = "TERMINATED", _("Résilié")

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="contracts")
    contract_number = models.CharField(_("numéro de contrat"), max_length=16, unique=True)
    product = models.CharField(
        _("produit"), max_length=20, choices=Product.choices, default=Product.MEAL_CARD
    )
    signed_date = models.DateField(_("date de signature"))
    status = models.CharField(
        _("statut"), max_length=12, choices=Status.choices, default=Status.ACTIVE
    )
    face_value_min_cents = models.PositiveIntegerField(_("valeur faciale minimale (centimes)"))
    face_value_max_cents = models.PositiveIntegerField(_("valeur faciale maximale (centimes)"))
    face_value_default_cents = models.PositiveIntegerField(
        _("valeur faciale par défaut (centimes)")
    )
    employer_share_default = models.DecimalField(
        # xgettext:no-python-format
        _("part patronale par défaut (%)"),
        max_digits=5,
        decimal_places=2,
    )
    commission_rate = models.DecimalField(
        # xgettext:no-python-format
        _("commission (% de la valeur faciale)"),
        max_digits=5,
        decimal_places=2,
    )
    commission_min_cents = models.PositiveIntegerField(
        _("commission minimale par commande (centimes)")
    )
    card_fee_cents = models.PositiveIntegerField(_("frais par carte (centimes)"))
    delivery_fee_cents = models.PositiveIntegerField(_("frais de livraison par colis (centimes)"))
    home_delivery_fee_cents = models.PositiveIntegerField(
        _("frais d'envoi à domicile par carte (centimes)")
    )

    class Meta:
        verbose_name = _("contrat")
        verbose_name_plural = _("contrats")
        ordering = ["-signed_date"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(face_value_min_cents__lte=models.F("face_value_default_cents"))
                & models.Q(face_value_default_cents__lte=models.F("face_value_max_cents")),
                name="default_face_value_within_contract_range",
            ),
            models.CheckConstraint(
                condition=models.Q(employer_share_default__gte=50)
                & models.Q(employer_share_default__lte=60),
                name="employer_share_between_50_and_60_percent_for_exemption",
            ),
            models.UniqueConstraint(
                fields=["client"],
                condition=models.Q(status="ACTIVE"),
                name="one_active_contract_per_client",
            ),
        ]

    def __str__(self) -> str:
        return self.contract_number


class Contact(models.Model):
    """The people the issuer writes to about an account: billing, delivery, main manager."""

    class Role(models.TextChoices):
        BILLING = "BILLING", _("Contact facturation")
        DELIVERY = "DELIVERY", _("Contact livraison")
        MAIN_MANAGER = "MAIN_MANAGER", _("Gestionnaire principal")

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="contacts")
    role = models.CharField(_("rôle"), max_length=16, choices=Role.choices)
    first_name = models.CharField(_("prénom"), max_length=38)
    last_name = models.CharField(_("nom"), max_length=38)
    email = models.EmailField(_("e-mail"))
    phone = models.CharField(_("téléphone"), max_length=20, blank=True)
    # Checked under the client's lock by `contact_update`: a stale form is refused, never applied.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["role"]
        constraints = [
            models.UniqueConstraint(
                fields=["client", "role"], name="one_contact_per_role_per_client"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()} : {self.first_name} {self.last_name}"
