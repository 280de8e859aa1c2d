from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from titresto.beneficiaries.models import Beneficiary
from titresto.clients.models import Client
from titresto.core.models import StateHistory


class CardAction(models.TextChoices):
    """What an order line asks of the card factory (decided by `cards.rules.card_to_make`)."""

    NONE = "NONE", _("Aucune carte")
    NEW = "NEW", _("Nouvelle carte")
    REPLACEMENT = "REPLACEMENT", _("Carte de remplacement")


class ReplacementReason(models.TextChoices):
    LOST = "LOST", _("Perte")
    STOLEN = "STOLEN", _("Vol")
    DAMAGED = "DAMAGED", _("Carte abîmée")


class Card(models.Model):
    """A beneficiary's payment card. Its status moves only through the card transition service
    along `cards.states.CARD_MOVES`; a beneficiary has at most one live card at a time."""

    class Status(models.TextChoices):
        ORDERED = "ORDERED", _("Commandée")
        IN_MANUFACTURE = "IN_MANUFACTURE", _("En fabrication")
        SHIPPED = "SHIPPED", _("Expédiée")
        ACTIVE = "ACTIVE", _("Active")
        BLOCKED = "BLOCKED", _("En opposition")
        EXPIRED = "EXPIRED", _("Expirée")
        REPLACED = "REPLACED", _("Remplacée")

    # Made, on its way or in use: a second card for the same person would be a second card
    # to pay for and to load.
    LIVE_STATUSES = (Status.ORDERED, Status.IN_MANUFACTURE, Status.SHIPPED, Status.ACTIVE)

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="cards")
    beneficiary = models.ForeignKey(
        Beneficiary,
        verbose_name=_("bénéficiaire"),
        on_delete=models.PROTECT,
        related_name="cards",
    )
    status = models.CharField(
        _("statut"), max_length=16, choices=Status.choices, default=Status.ORDERED
    )
    # The manufacturer tells us the last four digits and the expiry; the full number is theirs.
    last_four = models.CharField(
        _("4 derniers chiffres"),
        max_length=4,
        blank=True,
        validators=[RegexValidator(r"^[0-9]{4}$", _("Quatre chiffres."))],
    )
    expiry_date = models.DateField(_("date d'expiration"), null=True, blank=True)
    replaces = models.OneToOneField(
        "self",
        verbose_name=_("carte remplacée"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replaced_by",
    )
    replacement_reason = models.CharField(
        _("motif du remplacement"), max_length=8, choices=ReplacementReason.choices, blank=True
    )
    created_at = models.DateTimeField(_("créée le"))

    class Meta:
        verbose_name = _("carte")
        verbose_name_plural = _("cartes")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["beneficiary"],
                condition=Q(status__in=["ORDERED", "IN_MANUFACTURE", "SHIPPED", "ACTIVE"]),
                name="at_most_one_live_card_per_beneficiary",
            ),
            models.CheckConstraint(
                condition=Q(replaces__isnull=True) | ~Q(replacement_reason=""),
                name="a_replacement_card_keeps_its_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.masked_number or self.get_status_display()} ({self.beneficiary_id})"

    @property
    def masked_number(self) -> str:
        return f"•••• •••• •••• {self.last_four}" if self.last_four else ""

    @property
    def is_live(self) -> bool:
        return self.status in self.LIVE_STATUSES


class CardEvent(StateHistory):
    card = models.ForeignKey(Card, on_delete=models.CASCADE, related_name="events")

    class Meta(StateHistory.Meta):
        verbose_name = _("étape de carte")
        verbose_name_plural = _("étapes de carte")
        indexes = [models.Index(fields=["card", "created_at"], name="card_event_by_card")]
