"""What paying by card leaves behind: each attempt at the provider's page, every event the
provider sent, and the sandbox provider's own record of its checkouts.

Imported by `orders.models`, so that Django sees them as the orders app's models.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from titresto.clients.models import Client
from titresto.core.models import StateHistory
from titresto.core.public_ids import public_id_field


class Provider(models.TextChoices):
    SANDBOX = "SANDBOX", _("Bac à sable")
    STRIPE = "STRIPE", "Stripe"


class PaymentAttempt(models.Model):
    """One visit to the provider's payment page for one order, for the order's amount then.

    Moves only along `orders.states.ATTEMPT_MOVES`. At most one attempt of an order succeeds
    (a constraint): money the provider confirms for an order already paid or cancelled makes
    the attempt « à rembourser », for the issuer's staff to refund.
    """

    class Status(models.TextChoices):
        PENDING = "PENDING", _("En cours")
        SUCCEEDED = "SUCCEEDED", _("Réussi")
        FAILED = "FAILED", _("Refusé")
        ABANDONED = "ABANDONED", _("Abandonné")
        REFUND_DUE = "REFUND_DUE", _("À rembourser")

    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="+")
    order = models.ForeignKey(
        "orders.Order", on_delete=models.PROTECT, related_name="payment_attempts"
    )
    public_id = public_id_field()
    provider = models.CharField(_("prestataire"), max_length=10, choices=Provider.choices)
    # The provider's id of its checkout (Stripe's `cs_…`), known once the checkout is created.
    provider_reference = models.CharField(_("référence du prestataire"), max_length=255)
    amount_cents = models.PositiveBigIntegerField(_("montant (centimes)"))
    status = models.CharField(
        _("statut"), max_length=12, choices=Status.choices, default=Status.PENDING
    )
    # Why it was refused or is to be refunded, in French, as the manager reads it.
    failure_reason = models.CharField(_("motif"), max_length=300, blank=True)
    # Sent with the creation request: a retried request never makes a second checkout.
    idempotency_key = models.CharField(max_length=64, unique=True)
    checkout_url = models.URLField(_("page de paiement"), max_length=2000)
    expires_at = models.DateTimeField(_("expire le"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("créé le"))

    class Meta:
        verbose_name = _("tentative de paiement")
        verbose_name_plural = _("tentatives de paiement")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["order", "-created_at"], name="attempt_by_order"),
            models.Index(fields=["status", "-created_at"], name="attempt_by_status"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "provider_reference"], name="one_attempt_per_checkout"
            ),
            models.UniqueConstraint(
                fields=["order"],
                condition=Q(status="SUCCEEDED"),
                name="one_successful_payment_per_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.provider} {self.provider_reference}"


class PaymentAttemptEvent(StateHistory):
    attempt = models.ForeignKey(PaymentAttempt, on_delete=models.CASCADE, related_name="events")

    class Meta(StateHistory.Meta):
        verbose_name = _("étape d'une tentative de paiement")
        verbose_name_plural = _("étapes des tentatives de paiement")


class PaymentEvent(models.Model):
    """An event a provider sent (or that its API answered), stored before it acts.

    Keyed by the provider's own event id: a replay is a no-op. Issuer-level, not a client's
    row: it arrives before anything says which client it is about. `outcome` says what it did
    (« payée », « ignoré : … »): an event that came too late or out of order is kept, not applied.
    """

    provider = models.CharField(_("prestataire"), max_length=10, choices=Provider.choices)
    event_id = models.CharField(_("identifiant de l'événement"), max_length=255)
    kind = models.CharField(_("type"), max_length=60)
    reference = models.CharField(_("référence du prestataire"), max_length=255, blank=True)
    body = models.JSONField(_("contenu"))
    received_at = models.DateTimeField(_("reçu le"))
    outcome = models.CharField(_("résultat"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("événement de paiement")
        verbose_name_plural = _("événements de paiement")
        ordering = ["-received_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["provider", "event_id"], name="one_row_per_event")
        ]

    def __str__(self) -> str:
        return f"{self.provider} {self.event_id}"


class SandboxCheckout(models.Model):
    """The sandbox provider's side of a checkout, as Stripe keeps its sessions: what to charge,
    where to send the payer back, and how it ended. Only the sandbox reads or writes it."""

    class Status(models.TextChoices):
        OPEN = "OPEN", _("Ouverte")
        CHALLENGE = "CHALLENGE", _("Authentification 3-D Secure demandée")
        COMPLETE = "COMPLETE", _("Payée")
        DECLINED = "DECLINED", _("Refusée")
        CANCELLED = "CANCELLED", _("Abandonnée")

    reference = models.CharField(max_length=64, unique=True)
    idempotency_key = models.CharField(max_length=64, unique=True)
    amount_cents = models.PositiveBigIntegerField()
    description = models.CharField(max_length=200)
    merchant = models.CharField(max_length=200)
    success_url = models.URLField(max_length=2000)
    cancel_url = models.URLField(max_length=2000)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    decline_reason = models.CharField(max_length=200, blank=True)
    last_four = models.CharField(max_length=4, blank=True)
    expires_at = models.DateTimeField()
    created_at = models.DateTimeField()

    class Meta:
        verbose_name = _("paiement du bac à sable")
        verbose_name_plural = _("paiements du bac à sable")

    def __str__(self) -> str:
        return self.reference
