"""Accounting documents: issued once, never edited (a correction is a credit note).

A document's bytes (the Factur-X PDF, and its CII XML alone) are stored once through Django's
storage API with their SHA-256; its figures are kept on the row and its lines, so lists and
sums never open a file. Every row carries `client`, lines too.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from titresto.clients.models import Client
from titresto.core.public_ids import public_id_field
from titresto.orders.models import Order


class Document(models.Model):
    class Kind(models.TextChoices):
        FEES_INVOICE = "FEES_INVOICE", _("Facture de frais de service")
        FACE_VALUE = "FACE_VALUE", _("Facture de valeur faciale")
        CREDIT_NOTE = "CREDIT_NOTE", _("Avoir")
        PROFORMA = "PROFORMA", _("Facture pro forma")
        STATEMENT = "STATEMENT", _("Relevé de compte")

    # One of each per order, by constraint: a paid order is invoiced once.
    ONCE_PER_ORDER = (Kind.FEES_INVOICE, Kind.FACE_VALUE, Kind.PROFORMA)
    # The invoices a credit note may correct.
    INVOICES = (Kind.FEES_INVOICE, Kind.FACE_VALUE)

    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="documents")
    public_id = public_id_field()
    kind = models.CharField(_("type"), max_length=16, choices=Kind.choices)
    # FA-2026-000123: core's gapless sequence per kind and year, drawn in the transaction that
    # stores the bytes (a rollback gives the number back).
    number = models.CharField(_("numéro"), max_length=20, unique=True)
    year = models.PositiveSmallIntegerField(_("année"))
    sequence = models.PositiveIntegerField()
    order = models.ForeignKey(
        Order,
        verbose_name=_("commande"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="documents",
    )
    # The face-value document and the fees invoice name each other; a credit note names the
    # invoice it corrects.
    refers_to = models.ForeignKey(
        "self",
        verbose_name=_("document lié"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    issue_date = models.DateField(_("date d'émission"))
    issued_at = models.DateTimeField(_("émis le"))
    period_start = models.DateField(_("début de période"), null=True, blank=True)
    period_end = models.DateField(_("fin de période"), null=True, blank=True)
    total_excl_vat_cents = models.BigIntegerField(_("total HT (centimes)"))
    vat_cents = models.BigIntegerField(_("TVA (centimes)"))
    total_cents = models.BigIntegerField(_("total TTC (centimes)"))
    reason = models.CharField(_("motif"), max_length=500, blank=True)
    # Names in the `documents` storage (billing.storage), not FileFields: a document is read
    # back through the storage API by its access function, never reached by a URL.
    pdf_name = models.CharField(max_length=200)
    pdf_sha256 = models.CharField(max_length=64)
    pdf_size = models.PositiveIntegerField()
    xml_name = models.CharField(max_length=200, blank=True)
    xml_sha256 = models.CharField(max_length=64, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    issued_by_label = models.CharField(_("émis par"), max_length=200)

    class Meta:
        verbose_name = _("document comptable")
        verbose_name_plural = _("documents comptables")
        ordering = ["-issued_at", "-id"]
        # The back-office's « Émettre un avoir » (billing.services.credit_note_issue).
        permissions = [("issue_credit_note", _("Peut émettre un avoir"))]
        indexes = [
            models.Index(fields=["client", "-issued_at", "-id"], name="document_by_date"),
            models.Index(fields=["client", "kind", "-issued_at"], name="document_by_kind"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["order", "kind"],
                condition=Q(kind__in=["FEES_INVOICE", "FACE_VALUE", "PROFORMA"]),
                name="an_order_is_invoiced_once_per_kind",
            ),
            models.UniqueConstraint(
                fields=["kind", "year", "sequence"], name="one_document_per_number"
            ),
            models.UniqueConstraint(
                fields=["client", "period_start"],
                condition=Q(kind="STATEMENT"),
                name="one_statement_per_client_and_month",
            ),
            models.CheckConstraint(
                condition=Q(kind="STATEMENT") | Q(order__isnull=False),
                name="every_document_but_a_statement_has_its_order",
            ),
            models.CheckConstraint(
                condition=~Q(kind="CREDIT_NOTE") | (Q(refers_to__isnull=False) & ~Q(reason="")),
                name="a_credit_note_names_its_invoice_and_reason",
            ),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def is_invoice(self) -> bool:
        return self.kind in self.INVOICES


class DocumentLine(models.Model):
    """One line as printed and written into the XML: integer cents, a category of VAT."""

    class VatCategory(models.TextChoices):
        STANDARD = "S", _("TVA au taux normal")
        NOT_SUBJECT = "O", _("Hors champ de la TVA")

    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="+")
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="lines")
    position = models.PositiveSmallIntegerField()
    label = models.CharField(_("désignation"), max_length=200)
    quantity = models.PositiveIntegerField(_("quantité"))
    unit_price_cents = models.BigIntegerField(_("prix unitaire HT (centimes)"))
    total_cents = models.BigIntegerField(_("montant HT (centimes)"))
    vat_category = models.CharField(max_length=1, choices=VatCategory.choices)
    vat_rate_basis_points = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["document", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "position"], name="one_document_line_per_position"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.document_id}:{self.position}"
