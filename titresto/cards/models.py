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


class LedgerEntry(models.Model):
    """One movement of a card's balance, never changed once written: a load credited (+), the
    accepted spending of a card in one import (−), what was left of a year's titres when they
    expired (−). A card's balance is the sum of its entries; `load_year` says whose titres moved
    (loads of year N are usable until the end of February N+1)."""

    class Kind(models.TextChoices):
        LOAD = "LOAD", _("Chargement")
        SPEND = "SPEND", _("Dépenses")
        EXPIRY = "EXPIRY", _("Titres périmés")

    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="+", db_index=False)
    card = models.ForeignKey(Card, on_delete=models.PROTECT, related_name="ledger_entries")
    kind = models.CharField(_("nature"), max_length=8, choices=Kind.choices)
    amount_cents = models.BigIntegerField(_("montant (centimes)"))
    load_year = models.PositiveSmallIntegerField(_("millésime"))
    # What wrote it (« load:<id> », « spend:<batch>:<card>:<year> », « expiry:<card>:<year> »):
    # unique, so a replayed writer cannot count the same money twice.
    reference = models.CharField(max_length=80, unique=True)
    recorded_at = models.DateTimeField(_("enregistré le"))

    class Meta:
        verbose_name = _("mouvement de solde")
        verbose_name_plural = _("mouvements de solde")
        ordering = ["card", "recorded_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind="LOAD") & Q(amount_cents__gt=0))
                | (~Q(kind="LOAD") & Q(amount_cents__lt=0)),
                name="a_load_credits_spending_and_expiry_debit",
            ),
        ]

    def __str__(self) -> str:
        return self.reference


class CardBalance(models.Model):
    """The running sum of a card's ledger entries for one year's titres, written in the same
    transaction as the entries (the page reads 20 000 of these, not millions of entries)."""

    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="+", db_index=False)
    card = models.ForeignKey(Card, on_delete=models.PROTECT, related_name="balances")
    load_year = models.PositiveSmallIntegerField(_("millésime"))
    usable_until = models.DateField(_("utilisable jusqu'au"))
    balance_cents = models.BigIntegerField(_("solde (centimes)"), default=0)

    class Meta:
        verbose_name = _("solde par millésime")
        verbose_name_plural = _("soldes par millésime")
        constraints = [
            models.UniqueConstraint(fields=["card", "load_year"], name="one_balance_per_card_year")
        ]
        indexes = [
            models.Index(fields=["client", "usable_until"], name="balance_by_client_expiry"),
        ]

    def __str__(self) -> str:
        return f"{self.card_id}:{self.load_year}"


class LedgerDay(models.Model):
    """A day's ledger totals for one client, delivery point (the holder's, 0 for home
    delivery) and kind: what the statistics page sums for « chargé » and « périmé », written
    with the entries."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="+", db_index=False)
    day = models.DateField()
    point_id = models.PositiveBigIntegerField(default=0)
    kind = models.CharField(max_length=8, choices=LedgerEntry.Kind.choices)
    amount_cents = models.BigIntegerField(default=0)
    entry_count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("mouvements du jour")
        verbose_name_plural = _("mouvements par jour")
        constraints = [
            models.UniqueConstraint(
                fields=["client", "day", "point_id", "kind"], name="one_ledger_total_per_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.client_id} {self.day} {self.kind}"
