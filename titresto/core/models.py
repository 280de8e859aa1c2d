from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEvent(models.Model):
    """Who changed what, when: written by services in the same transaction as the change."""

    # A string reference, not an import: the tenant lives in a higher layer.
    client = models.ForeignKey(
        "clients.Client", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    actor_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Kept as text too, so history still reads right after a user is deleted.
    actor_label = models.CharField(_("auteur"), max_length=200)
    action = models.CharField(_("action"), max_length=80)
    target_type = models.CharField(max_length=80, blank=True)
    target_id = models.CharField(max_length=64, blank=True)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(_("date"), db_index=True)

    class Meta:
        verbose_name = _("événement d'audit")
        verbose_name_plural = _("journal d'audit")
        indexes = [
            models.Index(
                fields=["client", "target_type", "target_id", "-created_at"],
                name="audit_by_target",
            ),
            # The client's « Journal d'activité », newest first.
            models.Index(fields=["client", "-created_at", "-id"], name="audit_journal"),
        ]
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.target_type}:{self.target_id}"


class SequenceCounter(models.Model):
    """The last number given in one gapless sequence (a kind of document, a year).

    Locked by `core.numbering.next_number` inside the transaction that stores the numbered
    row, so a rollback gives the number back and two transactions never share one.
    """

    kind = models.CharField(max_length=40)
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "year"], name="one_counter_per_sequence_and_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.year}: {self.last_number}"


class TaskRun(models.Model):
    """A task's work that was done: written in the work's transaction, so a replayed or
    duplicated delivery of the same task finds it and does nothing (`core.idempotency`)."""

    task = models.CharField(max_length=150)
    key = models.CharField(max_length=200)
    done_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["task", "key"], name="a_task_does_its_work_once")
        ]

    def __str__(self) -> str:
        return f"{self.task}({self.key})"


class StateHistory(models.Model):
    """One move of a life cycle (who, when, from, to, why), written by `core.states.transition`.

    Each model with a life cycle declares its own concrete table: it adds the foreign key to
    its subject (named in its `TransitionTable`), so the history of one order is one index
    away and never mixed with the cards'.
    """

    # Clients are closed, never deleted: their history must survive them.
    client = models.ForeignKey("clients.Client", on_delete=models.PROTECT, related_name="+")
    event = models.CharField(_("événement"), max_length=40)
    from_status = models.CharField(_("statut précédent"), max_length=40)
    to_status = models.CharField(_("nouveau statut"), max_length=40)
    actor_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Kept as text: a partner or the system has no user, and a deleted user keeps their name.
    actor_label = models.CharField(_("auteur"), max_length=200)
    reason = models.CharField(_("motif"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("date"))

    class Meta:
        abstract = True
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.from_status} → {self.to_status}"


class RuleSet(models.Model):
    """The regulatory figures in force from `valid_from` until the next row's `valid_from`.

    One row holds every rule, so « the rules on day D » is one row, never a merge of several.
    Rows are written by data migrations (the law changes by decree, with notice), not edited by
    hand: the back-office shows them read-only.
    """

    valid_from = models.DateField(_("en vigueur à partir du"), unique=True)
    fee_vat_rate = models.DecimalField(
        # xgettext:no-python-format
        _("taux de TVA sur les frais (%)"),
        max_digits=5,
        decimal_places=2,
    )
    exemption_cap_cents = models.PositiveIntegerField(
        _("plafond d'exonération de la part patronale par titre (centimes)")
    )
    daily_spending_cap_cents = models.PositiveIntegerField(
        _("plafond journalier d'utilisation (centimes)")
    )
    employer_share_min = models.DecimalField(
        # xgettext:no-python-format
        _("part patronale minimale (%)"),
        max_digits=5,
        decimal_places=2,
    )
    employer_share_max = models.DecimalField(
        # xgettext:no-python-format
        _("part patronale maximale (%)"),
        max_digits=5,
        decimal_places=2,
    )
    groceries_allowed = models.BooleanField(_("produits alimentaires non consommables autorisés"))
    groceries_allowed_until = models.DateField(
        _("produits alimentaires autorisés jusqu'au"),
        null=True,
        blank=True,
        help_text=_("Vide : sans date de fin."),
    )
    loads_usable_until_month = models.PositiveSmallIntegerField(
        _("chargements de l'année N utilisables jusqu'à la fin du mois (de N+1)")
    )
    legal_reference = models.CharField(_("référence"), max_length=200)

    class Meta:
        verbose_name = _("règles réglementaires")
        verbose_name_plural = _("règles réglementaires")
        ordering = ["-valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(fee_vat_rate__gte=0) & models.Q(fee_vat_rate__lte=100),
                name="fee_vat_rate_is_a_percentage",
            ),
            models.CheckConstraint(
                condition=models.Q(employer_share_min__gt=0)
                & models.Q(employer_share_min__lte=models.F("employer_share_max"))
                & models.Q(employer_share_max__lte=100),
                name="employer_share_range_is_a_range_of_percentages",
            ),
            models.CheckConstraint(
                condition=models.Q(loads_usable_until_month__gte=1)
                & models.Q(loads_usable_until_month__lte=12),
                name="loads_usable_until_a_month_of_the_next_year",
            ),
            models.CheckConstraint(
                condition=models.Q(groceries_allowed=True)
                | models.Q(groceries_allowed_until__isnull=True),
                name="groceries_end_date_only_when_groceries_are_allowed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.valid_from:%d/%m/%Y}"
