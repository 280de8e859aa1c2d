"""Orders of cards and loads, and the imports of order files that become orders.

An order's `status` moves only through `orders.services.order_transition` along
`orders.states.ORDER_MOVES`; an import's only through the import services. Every row carries
`client`, child rows too, so that no query ever reaches another client's lines by a join.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from titresto.beneficiaries.models import Beneficiary
from titresto.cards.models import Card, CardAction, ReplacementReason
from titresto.clients.models import ADDRESS_LINE_MAX, Client
from titresto.core.models import StateHistory
from titresto.core.public_ids import public_id_field
from titresto.delivery.models import DeliveryPoint

TITRES_MAX = 31  # a load covers at most the days of one month


# Paid, and every step after it.
PAID_STATUSES = ("PAID", "IN_MANUFACTURE", "SHIPPED", "DELIVERED")


class Order(models.Model):
    class Mode(models.TextChoices):
        FILE = "FILE", _("Fichier")
        UNIT = "UNIT", _("Unitaire")
        DUPLICATION = "DUPLICATION", _("Duplication")

    class Status(models.TextChoices):
        DRAFT = "DRAFT", _("Brouillon")
        AWAITING_APPROVAL = "AWAITING_APPROVAL", _("En attente de validation")
        AWAITING_PAYMENT = "AWAITING_PAYMENT", _("En attente de paiement")
        PAID = "PAID", _("Payée")
        # After payment, derived from its cards and parcels (`fulfilment.progress`).
        IN_MANUFACTURE = "IN_MANUFACTURE", _("En fabrication")
        SHIPPED = "SHIPPED", _("Expédiée")
        DELIVERED = "DELIVERED", _("Livrée")
        CANCELLED = "CANCELLED", _("Annulée")

    class PaymentMethod(models.TextChoices):
        CARD = "CARD", _("Carte bancaire")
        TRANSFER = "TRANSFER", _("Virement")

    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="orders")
    public_id = public_id_field()
    # CMD-2026-000123: core's gapless sequence, drawn in the transaction that stores the order.
    number = models.CharField(_("numéro de commande"), max_length=20, unique=True)
    mode = models.CharField(_("mode"), max_length=12, choices=Mode.choices)
    status = models.CharField(
        _("statut"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    # The month the titres are for (its first day), and the day the cards are credited:
    # None means « dès le paiement ».
    load_period = models.DateField(_("période de chargement"))
    load_date = models.DateField(_("date de chargement"), null=True, blank=True)
    # The contract's terms and the rules the order is priced with (PricingTerms and the
    # defaults, as JSON): a later contract change never alters a past order.
    terms = models.JSONField(_("conditions tarifaires"))
    # `orders.pricing.Breakdown.as_dict()` of the lines as they are now: the review and the
    # order's page read it instead of pricing 100 000 lines on every view.
    breakdown = models.JSONField(_("détail du prix"), default=dict)
    total_cents = models.PositiveBigIntegerField(_("total à payer (centimes)"), default=0)
    line_count = models.PositiveIntegerField(_("lignes"), default=0)
    # Lines whose employer share per titre is over the exemption cap, counted when priced: a
    # draft's review warns of them without counting 100 000 lines on every view.
    over_cap_lines = models.PositiveIntegerField(_("lignes au-delà du plafond"), default=0)
    payment_method = models.CharField(
        _("moyen de paiement"), max_length=10, choices=PaymentMethod.choices, blank=True
    )
    # What the client writes on their transfer so that the issuer's bank statement names
    # the order; given when the manager chooses to pay by transfer.
    transfer_reference = models.CharField(
        _("référence de virement"), max_length=20, unique=True, null=True, blank=True
    )
    paid_at = models.DateTimeField(_("payée le"), null=True, blank=True)
    duplicated_from = models.ForeignKey(
        "self",
        verbose_name=_("dupliquée de"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="duplicates",
    )
    # What duplicating changed (people left out, prices that followed the contract), shown
    # on the review: a list of {"kind", "matricule", "name", "before", "after"}.
    duplication_notes = models.JSONField(default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("créée par"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_by_label = models.CharField(_("créée par"), max_length=200)
    created_at = models.DateTimeField(_("créée le"))
    updated_at = models.DateTimeField(_("modifiée le"))

    class Meta:
        verbose_name = _("commande")
        verbose_name_plural = _("commandes")
        ordering = ["-created_at", "-id"]
        # The back-office's « Enregistrer un virement reçu » (orders.services.payments).
        permissions = [("record_transfer", _("Peut enregistrer un virement reçu"))]
        indexes = [
            models.Index(fields=["client", "-created_at", "-id"], name="order_by_date"),
            models.Index(fields=["client", "status", "-created_at"], name="order_by_status"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=PAID_STATUSES, paid_at__isnull=False)
                | (~Q(status__in=PAID_STATUSES) & Q(paid_at__isnull=True)),
                name="paid_at_set_exactly_once_paid",
            ),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def is_paid(self) -> bool:
        return self.status in PAID_STATUSES

    @property
    def is_editable(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def awaits_transfer(self) -> bool:
        return (
            self.status == self.Status.AWAITING_PAYMENT
            and self.payment_method == self.PaymentMethod.TRANSFER
        )

    @property
    def status_label(self) -> str:
        """« En attente de virement » says more than « en attente de paiement » once the
        manager chose to pay by transfer."""
        if self.awaits_transfer:
            return str(_("En attente de virement"))
        return self.get_status_display()


class OrderLine(models.Model):
    """One beneficiary's part of an order: written when the order is built, never repriced
    after it leaves the draft."""

    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="+")
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="lines")
    # The line of the file it came from, or its rank in a unit order: the order's pages and
    # the documents list lines in this order.
    position = models.PositiveIntegerField(_("ligne"))
    beneficiary = models.ForeignKey(
        Beneficiary,
        verbose_name=_("bénéficiaire"),
        on_delete=models.PROTECT,
        related_name="order_lines",
    )
    titres = models.PositiveSmallIntegerField(_("nombre de titres"))
    face_value_cents = models.PositiveIntegerField(_("valeur faciale (centimes)"))
    employer_share = models.DecimalField(_("part patronale (%)"), max_digits=5, decimal_places=2)
    card_action = models.CharField(
        _("carte"), max_length=12, choices=CardAction.choices, default=CardAction.NONE
    )
    replacement_reason = models.CharField(
        _("motif du remplacement"), max_length=8, choices=ReplacementReason.choices, blank=True
    )
    # Where the card ships, when one is made: a delivery point, or the home address copied
    # from the beneficiary (or the file) when the order was built.
    delivery_point = models.ForeignKey(
        DeliveryPoint,
        verbose_name=_("point de livraison"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # The card this line made (or, for a line making none, nothing): set once fulfilment
    # starts after payment.
    card = models.ForeignKey(
        Card, null=True, blank=True, on_delete=models.PROTECT, related_name="order_lines"
    )
    home_address_line1 = models.CharField(max_length=ADDRESS_LINE_MAX, blank=True)
    home_address_line2 = models.CharField(max_length=ADDRESS_LINE_MAX, blank=True)
    home_postcode = models.CharField(max_length=5, blank=True)
    home_city = models.CharField(max_length=ADDRESS_LINE_MAX, blank=True)

    class Meta:
        verbose_name = _("ligne de commande")
        verbose_name_plural = _("lignes de commande")
        ordering = ["order", "position", "id"]
        # A page of lines is read by its ids first, from this index alone.
        indexes = [models.Index(fields=["order", "position", "id"], name="line_by_position")]
        constraints = [
            models.UniqueConstraint(
                fields=["order", "beneficiary"], name="one_line_per_beneficiary_in_an_order"
            ),
            # A draft's line is addressed by its position in the order's URL.
            models.UniqueConstraint(fields=["order", "position"], name="one_line_per_position"),
            models.CheckConstraint(
                condition=Q(titres__lte=TITRES_MAX), name="at_most_31_titres_a_line"
            ),
            models.CheckConstraint(
                condition=Q(card_action="REPLACEMENT") | Q(replacement_reason=""),
                name="a_reason_only_for_a_replacement",
            ),
            models.CheckConstraint(
                condition=Q(delivery_point__isnull=True) | Q(home_address_line1=""),
                name="a_line_ships_to_one_place",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.order_id}:{self.position}"

    @property
    def makes_card(self) -> bool:
        return self.card_action != CardAction.NONE

    @property
    def ships_home(self) -> bool:
        return self.makes_card and self.delivery_point_id is None


class OrderEvent(StateHistory):
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="events")

    class Meta(StateHistory.Meta):
        verbose_name = _("étape de commande")
        verbose_name_plural = _("étapes de commande")
        indexes = [models.Index(fields=["order", "created_at"], name="order_event_by_order")]

    @property
    def step_label(self) -> str:
        return str(dict(Order.Status.choices).get(self.to_status, self.to_status))


class OrderImport(models.Model):
    """An uploaded order file on its way to becoming an order (ARCHITECTURE « Big files »):
    uploaded → validating → valid or refused → confirmed (or abandoned)."""

    class Status(models.TextChoices):
        VALIDATING = "VALIDATING", _("Vérification en cours")
        VALID = "VALID", _("Prêt à confirmer")
        REFUSED = "REFUSED", _("Refusé")
        CONFIRMED = "CONFIRMED", _("Confirmé")
        ABANDONED = "ABANDONED", _("Abandonné")

    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="order_imports")
    public_id = public_id_field()
    status = models.CharField(
        _("statut"), max_length=12, choices=Status.choices, default=Status.VALIDATING
    )
    filename = models.CharField(_("fichier"), max_length=255)
    # The bytes as uploaded (Django's storage): confirming validates them again, under lock.
    file = models.FileField(upload_to="order-imports/%Y/%m/")
    sha256 = models.CharField(max_length=64)
    size = models.PositiveIntegerField(_("taille (octets)"))
    load_period = models.DateField(_("période de chargement"))
    load_date = models.DateField(_("date de chargement"), null=True, blank=True)
    # Progress of the validation task, for the progress bar.
    lines_total = models.PositiveIntegerField(default=0)
    lines_done = models.PositiveIntegerField(default=0)
    lines_read = models.PositiveIntegerField(_("lignes lues"), default=0)
    error_count = models.PositiveIntegerField(_("erreurs"), default=0)
    warning_count = models.PositiveIntegerField(_("avertissements"), default=0)
    # What the review shows without reading the file again: the breakdown, the parcels by
    # destination, the people the order creates, the differences to accept.
    review = models.JSONField(default=dict, blank=True)
    order = models.OneToOneField(
        Order, null=True, blank=True, on_delete=models.PROTECT, related_name="source_import"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("déposé le"))
    updated_at = models.DateTimeField(_("modifié le"))

    class Meta:
        verbose_name = _("import de commande")
        verbose_name_plural = _("imports de commande")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["client", "-created_at"], name="import_by_date")]

    def __str__(self) -> str:
        return self.filename

    @property
    def progress_percent(self) -> int:
        if not self.lines_total:
            return 0
        return min(100, self.lines_done * 100 // self.lines_total)


class ImportIssue(models.Model):
    """One error or warning of an import's report, written in bulk by the validation."""

    class Severity(models.TextChoices):
        ERROR = "ERROR", _("Erreur")
        WARNING = "WARNING", _("Avertissement")

    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="+")
    order_import = models.ForeignKey(OrderImport, on_delete=models.CASCADE, related_name="issues")
    severity = models.CharField(_("gravité"), max_length=8, choices=Severity.choices)
    line = models.PositiveIntegerField(_("ligne"), null=True, blank=True)
    column = models.CharField(_("colonne"), max_length=40, blank=True)
    code = models.CharField(_("code"), max_length=60)
    message = models.CharField(_("message"), max_length=500)

    class Meta:
        ordering = ["order_import", "severity", "line", "id"]
        indexes = [
            models.Index(fields=["order_import", "severity", "line"], name="issue_by_import"),
        ]

    def __str__(self) -> str:
        return f"{self.line}:{self.code}"


# The payment's tables live beside the providers that write them.
from titresto.orders.payments.models import (  # noqa: E402
    PaymentAttempt,
    PaymentAttemptEvent,
    PaymentEvent,
    Provider,
    SandboxCheckout,
)

__all__ = [
    "ImportIssue",
    "Order",
    "OrderEvent",
    "OrderImport",
    "OrderLine",
    "PaymentAttempt",
    "PaymentAttemptEvent",
    "PaymentEvent",
    "Provider",
    "SandboxCheckout",
]
