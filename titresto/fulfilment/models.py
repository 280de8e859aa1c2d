"""What happens to a paid order: its parcels (one per destination) with their cards, and one
load per line, credited exactly once; and every event a partner sent, stored before it acts.

Statuses move only along `fulfilment.states` through core's transitions; every row carries
`client`.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from titresto.cards.models import Card
from titresto.clients.models import ADDRESS_LINE_MAX, Client
from titresto.core.models import StateHistory
from titresto.core.public_ids import public_id_field
from titresto.delivery.models import DeliveryPoint
from titresto.orders.models import Order, OrderLine


class Carrier(models.TextChoices):
    COLISSIMO = "COLISSIMO", "Colissimo"
    CHRONOPOST = "CHRONOPOST", "Chronopost"
    OTHER = "OTHER", _("Autre transporteur")


class Parcel(models.Model):
    """The cards of one order going to one place: a delivery point, or one person's home."""

    class Status(models.TextChoices):
        PREPARED = "PREPARED", _("Préparé")
        HANDED_OVER = "HANDED_OVER", _("Remis au transporteur")
        IN_TRANSIT = "IN_TRANSIT", _("En transit")
        DELIVERED = "DELIVERED", _("Livré")
        INCIDENT = "INCIDENT", _("Incident")
        RETURNED = "RETURNED", _("Retourné")

    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="+")
    order = models.ForeignKey(Order, on_delete=models.PROTECT, related_name="parcels")
    public_id = public_id_field()
    # « point:<id> » or « home:<beneficiary id> »: the same key the order's price counted
    # its parcels by.
    destination_key = models.CharField(max_length=40)
    delivery_point = models.ForeignKey(
        DeliveryPoint, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recipient = models.CharField(_("destinataire"), max_length=200)
    address_line1 = models.CharField(max_length=ADDRESS_LINE_MAX)
    address_line2 = models.CharField(max_length=ADDRESS_LINE_MAX, blank=True)
    postcode = models.CharField(max_length=5)
    city = models.CharField(max_length=ADDRESS_LINE_MAX)
    status = models.CharField(
        _("statut"), max_length=12, choices=Status.choices, default=Status.PREPARED
    )
    carrier = models.CharField(
        _("transporteur"), max_length=12, choices=Carrier.choices, blank=True
    )
    tracking_number = models.CharField(_("numéro de suivi"), max_length=40, blank=True)
    cards = models.ManyToManyField(Card, related_name="parcels", blank=True)
    card_count = models.PositiveIntegerField(_("cartes"), default=0)
    created_at = models.DateTimeField(_("créé le"))

    class Meta:
        verbose_name = _("colis")
        verbose_name_plural = _("colis")
        ordering = ["order", "id"]
        # The back-office's actions on parcels (delivered, incident), audited by their history.
        permissions = [("move_parcel", _("Peut faire avancer un colis"))]
        constraints = [
            models.UniqueConstraint(
                fields=["order", "destination_key"], name="one_parcel_per_destination"
            ),
            models.UniqueConstraint(
                fields=["carrier", "tracking_number"],
                condition=~Q(tracking_number=""),
                name="one_parcel_per_tracking_number",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.order_id}:{self.destination_key}"


class ParcelEvent(StateHistory):
    parcel = models.ForeignKey(Parcel, on_delete=models.CASCADE, related_name="events")

    class Meta(StateHistory.Meta):
        verbose_name = _("étape de colis")
        verbose_name_plural = _("étapes de colis")


class Load(models.Model):
    """The titres of one order line, credited to its beneficiary's card once: on the load date
    (or at payment) and once the card is active. The one-to-one makes « once » a constraint."""

    class Status(models.TextChoices):
        SCHEDULED = "SCHEDULED", _("Chargement programmé")
        CREDITED = "CREDITED", _("Crédité")
        REFUSED = "REFUSED", _("Refusé")
        # A refused load the issuer's staff gave up on: its face value is owed back.
        CANCELLED = "CANCELLED", _("Annulé")

    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="+")
    order = models.ForeignKey(Order, on_delete=models.PROTECT, related_name="loads")
    order_line = models.OneToOneField(OrderLine, on_delete=models.PROTECT, related_name="load")
    card = models.ForeignKey(
        Card, null=True, blank=True, on_delete=models.PROTECT, related_name="loads"
    )
    amount_cents = models.PositiveBigIntegerField(_("montant (centimes)"))
    due_on = models.DateField(_("à charger le"))
    status = models.CharField(
        _("statut"), max_length=10, choices=Status.choices, default=Status.SCHEDULED
    )
    credited_at = models.DateTimeField(_("crédité le"), null=True, blank=True)
    # The card processor's words when it refused the load (shown on « Suivi »).
    refusal_reason = models.CharField(_("motif du refus"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("chargement")
        verbose_name_plural = _("chargements")
        ordering = ["order", "order_line"]
        # The back-office's « Charger à nouveau » and « Abandonner » on refused loads.
        permissions = [("move_load", _("Peut reprendre un chargement refusé"))]
        indexes = [
            models.Index(fields=["status", "due_on"], name="load_by_status_and_day"),
            models.Index(fields=["order", "status"], name="load_by_order"),
            models.Index(fields=["order", "order_line"], name="load_by_order_line"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="CREDITED", credited_at__isnull=False, card__isnull=False)
                | (~Q(status="CREDITED") & Q(credited_at__isnull=True)),
                name="a_credited_load_has_its_card_and_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.order_line_id}:{self.status}"


class LoadEvent(StateHistory):
    load = models.ForeignKey(Load, on_delete=models.CASCADE, related_name="events")

    class Meta(StateHistory.Meta):
        verbose_name = _("étape de chargement")
        verbose_name_plural = _("étapes de chargement")
        # A load is credited once: a second crediting could not even be recorded. (It may be
        # refused, retried and refused again.)
        constraints = [
            models.UniqueConstraint(
                fields=["load"], condition=Q(event="CREDITED"), name="a_load_is_credited_once"
            )
        ]


class LoadCounts(models.Model):
    """An order's loads counted by status, kept up to date in the transactions that move them
    (set-based for batches), so that the tracking page of a 100 000-line order reads one row
    instead of counting its loads."""

    order = models.OneToOneField(
        Order, primary_key=True, on_delete=models.CASCADE, related_name="load_counts"
    )
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="+")
    scheduled = models.PositiveIntegerField(default=0)
    credited = models.PositiveIntegerField(default=0)
    refused = models.PositiveIntegerField(default=0)
    cancelled = models.PositiveIntegerField(default=0)

    # Which column counts which status.
    FIELDS: dict[str, str] = {
        Load.Status.SCHEDULED: "scheduled",
        Load.Status.CREDITED: "credited",
        Load.Status.REFUSED: "refused",
        Load.Status.CANCELLED: "cancelled",
    }

    class Meta:
        verbose_name = _("chargements d'une commande")
        verbose_name_plural = _("chargements des commandes")

    def __str__(self) -> str:
        return f"{self.order_id}: {self.scheduled}/{self.credited}/{self.refused}/{self.cancelled}"

    def of(self, status: str) -> int:
        return int(getattr(self, self.FIELDS[status]))

    @property
    def total(self) -> int:
        return self.scheduled + self.credited + self.refused + self.cancelled


class Partner(models.TextChoices):
    MANUFACTURER = "MANUFACTURER", _("Fabricant de cartes")
    CARRIER = "CARRIER", _("Transporteur")
    # Tells when holders activate their cards (the card scheme's processor).
    PROCESSOR = "PROCESSOR", _("Processeur de cartes")


class PartnerEvent(models.Model):
    """An event a partner sent, stored before it acts, keyed by the partner's own id (a
    replay is a no-op). `outcome` says what it did, or why it was refused; the refused ones are
    listed for the issuer's staff."""

    partner = models.CharField(_("partenaire"), max_length=12, choices=Partner.choices)
    event_id = models.CharField(_("identifiant de l'événement"), max_length=100)
    kind = models.CharField(_("type"), max_length=40)
    body = models.JSONField(_("contenu"))
    received_at = models.DateTimeField(_("reçu le"))
    applied = models.BooleanField(_("appliqué"), default=False)
    outcome = models.CharField(_("résultat"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("événement d'un partenaire")
        verbose_name_plural = _("événements des partenaires")
        ordering = ["-received_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["partner", "event_id"], name="one_row_per_partner_event"
            )
        ]

    def __str__(self) -> str:
        return f"{self.partner} {self.event_id}"
