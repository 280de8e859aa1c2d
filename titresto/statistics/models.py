"""Card transactions as the processor reports them (the read side: we never authorise a
payment), the imports that brought them, and the daily rollups the page reads.

Every row carries `client`. A transaction names its card; the employer only ever sees
aggregates of them (the README's privacy rule): no view, export or API reads this table for a
client, only the rollups.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from titresto.cards.models import Card
from titresto.clients.models import Client

# Rollups hold « no delivery point » (a card shipped to its holder's home) as 0, not NULL, so
# that the unique key of a rollup row matches on every database (NULL never equals NULL).
NO_POINT = 0


class MerchantCategory(models.TextChoices):
    RESTAURANT = "RESTAURANT", _("Restaurants")
    SUPERMARKET = "SUPERMARKET", _("Supermarchés")
    BAKERY = "BAKERY", _("Boulangeries")
    FOOD_SHOP = "FOOD_SHOP", _("Autres commerces alimentaires")
    # Only ever refused: a titre buys food.
    NON_FOOD = "NON_FOOD", _("Commerces non alimentaires")


class Outcome(models.TextChoices):
    ACCEPTED = "ACCEPTED", _("Acceptée")
    DAILY_CAP = "DAILY_CAP", _("Plafond journalier de 25 € atteint")
    SUNDAY_OR_HOLIDAY = "SUNDAY_OR_HOLIDAY", _("Dimanche ou jour férié")
    CARD_NOT_ACTIVE = "CARD_NOT_ACTIVE", _("Carte non activée")
    CARD_BLOCKED = "CARD_BLOCKED", _("Carte en opposition")
    INSUFFICIENT_BALANCE = "INSUFFICIENT_BALANCE", _("Solde insuffisant")
    NON_FOOD_MERCHANT = "NON_FOOD_MERCHANT", _("Commerce non alimentaire")


class TransactionImport(models.Model):
    """One file of the processor (or one real-time event), with what it imported and the
    report of the lines it refused, kept for the issuer's staff."""

    class Source(models.TextChoices):
        FILE = "FILE", _("Fichier quotidien")
        WEBHOOK = "WEBHOOK", _("Événement en temps réel")
        SIMULATOR = "SIMULATOR", _("Simulateur")

    class Status(models.TextChoices):
        IMPORTED = "IMPORTED", _("Importé")
        REFUSED = "REFUSED", _("Refusé")

    source = models.CharField(_("origine"), max_length=10, choices=Source.choices)
    filename = models.CharField(_("fichier"), max_length=200, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    status = models.CharField(_("statut"), max_length=10, choices=Status.choices)
    refusal = models.CharField(_("motif du refus"), max_length=300, blank=True)
    line_count = models.PositiveIntegerField(_("lignes"), default=0)
    imported_count = models.PositiveIntegerField(_("importées"), default=0)
    refused_count = models.PositiveIntegerField(_("refusées"), default=0)
    # The first 1 000 refused lines: {line, column, code, message}; the rest are counted.
    issues = models.JSONField(_("rapport"), default=list, blank=True)
    received_at = models.DateTimeField(_("reçu le"))

    class Meta:
        verbose_name = _("import de transactions")
        verbose_name_plural = _("imports de transactions")
        ordering = ["-received_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["sha256"],
                condition=Q(status="IMPORTED") & ~Q(sha256=""),
                name="a_file_is_imported_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.filename or self.source} {self.received_at:%Y-%m-%d %H:%M}"


class CardTransaction(models.Model):
    """An authorisation or a refusal, as the processor reported it. `day`, `hour` and
    `point_id` (the holder's delivery point then, 0 for home delivery) are copied at import so
    that the rollups and their rebuild group by columns, not by joins or time zones."""

    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="+", db_index=False)
    card = models.ForeignKey(Card, on_delete=models.PROTECT, related_name="+", db_index=False)
    point_id = models.PositiveBigIntegerField(default=NO_POINT)
    reference = models.CharField(_("référence du processeur"), max_length=40, unique=True)
    occurred_at = models.DateTimeField(_("le"))
    day = models.DateField()
    hour = models.PositiveSmallIntegerField()
    amount_cents = models.PositiveBigIntegerField(_("montant (centimes)"))
    category = models.CharField(max_length=12, choices=MerchantCategory.choices)
    outcome = models.CharField(max_length=20, choices=Outcome.choices)
    balance_after_cents = models.BigIntegerField(_("solde après (centimes)"))
    source_import = models.ForeignKey(
        TransactionImport, on_delete=models.PROTECT, related_name="+", db_index=False
    )

    class Meta:
        verbose_name = _("transaction carte")
        verbose_name_plural = _("transactions carte")
        indexes = [models.Index(fields=["client", "day"], name="transaction_by_client_day")]

    def __str__(self) -> str:
        return self.reference


class DailyUsage(models.Model):
    """The transactions of one day for one client, delivery point, merchant category and
    outcome: how many, how much, and how many distinct cards. Updated by every import
    (`statistics.rollups`), rebuilt from the transactions by `titresto rebuild-usage`."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="+", db_index=False)
    day = models.DateField()
    point_id = models.PositiveBigIntegerField(default=NO_POINT)
    category = models.CharField(max_length=12, choices=MerchantCategory.choices)
    outcome = models.CharField(max_length=20, choices=Outcome.choices)
    transaction_count = models.PositiveIntegerField(default=0)
    amount_cents = models.BigIntegerField(default=0)
    card_count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("utilisation quotidienne")
        verbose_name_plural = _("utilisations quotidiennes")
        constraints = [
            models.UniqueConstraint(
                fields=["client", "day", "point_id", "category", "outcome"],
                name="one_rollup_row_per_day_and_group",
            )
        ]

    def __str__(self) -> str:
        return f"{self.client_id} {self.day} {self.category} {self.outcome}"


class HourlyUsage(models.Model):
    """The accepted payments of one day and hour for one client and delivery point (the
    weekday, hour and month charts): kept apart so that the daily rows stay few."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="+", db_index=False)
    day = models.DateField()
    point_id = models.PositiveBigIntegerField(default=NO_POINT)
    hour = models.PositiveSmallIntegerField()
    transaction_count = models.PositiveIntegerField(default=0)
    amount_cents = models.BigIntegerField(default=0)
    card_count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("utilisation par heure")
        verbose_name_plural = _("utilisations par heure")
        constraints = [
            models.UniqueConstraint(
                fields=["client", "day", "point_id", "hour"], name="one_rollup_row_per_hour"
            )
        ]

    def __str__(self) -> str:
        return f"{self.client_id} {self.day} {self.hour}h"


class CardFirstUse(models.Model):
    """The first day a card paid: « jamais utilisées » is the active cards without one."""

    card = models.OneToOneField(Card, on_delete=models.CASCADE, primary_key=True, related_name="+")
    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="+", db_index=False)
    first_used_on = models.DateField()

    class Meta:
        verbose_name = _("première utilisation")
        verbose_name_plural = _("premières utilisations")
        indexes = [models.Index(fields=["client", "first_used_on"], name="first_use_by_client")]

    def __str__(self) -> str:
        return f"{self.card_id} {self.first_used_on}"
