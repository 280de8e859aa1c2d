"""The service clients (issue 12): the FAQ written by the issuer's staff, and the managers'
requests with their threads (« Formulaire » and chat alike)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from titresto.core.models import StateHistory
from titresto.core.public_ids import public_id_field

MESSAGE_MAX = 5000


def _in_language(french: str, english: str) -> str:
    """The English text for an English reader when the staff wrote one, else the French."""
    if english and (get_language() or "fr").startswith("en"):
        return english
    return french


class FaqCategory(models.Model):
    """A heading of the FAQ; a public one is readable before sign-in (activation help)."""

    title_fr = models.CharField(_("titre (français)"), max_length=120)
    title_en = models.CharField(_("titre (anglais)"), max_length=120, blank=True)
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)
    is_public = models.BooleanField(
        _("public"),
        default=False,
        help_text=_("Lisible sans être connecté (aide à l'activation, à la connexion)."),
    )
    is_published = models.BooleanField(_("publiée"), default=True)

    class Meta:
        verbose_name = _("rubrique de la FAQ")
        verbose_name_plural = _("rubriques de la FAQ")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.title_fr

    @property
    def title(self) -> str:
        return _in_language(self.title_fr, self.title_en)


class FaqQuestion(models.Model):
    category = models.ForeignKey(
        FaqCategory, on_delete=models.PROTECT, related_name="questions", verbose_name=_("rubrique")
    )
    question_fr = models.CharField(_("question (français)"), max_length=200)
    question_en = models.CharField(_("question (anglais)"), max_length=200, blank=True)
    answer_fr = models.TextField(_("réponse (français)"), max_length=4000)
    answer_en = models.TextField(_("réponse (anglais)"), max_length=4000, blank=True)
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)
    is_published = models.BooleanField(_("publiée"), default=True)
    # normalize(questions and answers in both languages): kept by `faq_question_save`.
    search_text = models.TextField(default="", editable=False)
    # « Cette réponse vous a-t-elle aidé ? », counted by `faq_feedback_record`.
    helpful_count = models.PositiveIntegerField(_("réponses utiles"), default=0, editable=False)
    unhelpful_count = models.PositiveIntegerField(_("réponses inutiles"), default=0, editable=False)
    updated_at = models.DateTimeField(_("modifiée le"), null=True, editable=False)

    class Meta:
        verbose_name = _("question de la FAQ")
        verbose_name_plural = _("questions de la FAQ")
        ordering = ["category__position", "position", "id"]

    def __str__(self) -> str:
        return self.question_fr

    @property
    def question(self) -> str:
        return _in_language(self.question_fr, self.question_en)

    @property
    def answer(self) -> str:
        return _in_language(self.answer_fr, self.answer_en)


class ContactRequest(models.Model):
    """« Formulaire » or chat: a manager's request to the service clients, with its thread.
    A chat is a request of its own channel, so an agent's queue holds both, and a chat that no
    agent took stays in the queue and gets its answer by e-mail."""

    class Category(models.TextChoices):
        ORDER = "COMMANDE", _("Commande")
        DELIVERY = "LIVRAISON", _("Livraison")
        CARD = "CARTE", _("Carte")
        INVOICE = "FACTURE", _("Facture")
        ACCESS = "ACCES", _("Accès à l'Espace Client")
        OTHER = "AUTRE", _("Autre")

    class Status(models.TextChoices):
        OPEN = "OUVERTE", _("Ouverte")
        WAITING = "EN_ATTENTE_CLIENT", _("En attente du client")
        RESOLVED = "RESOLUE", _("Résolue")

    class Channel(models.TextChoices):
        FORM = "FORMULAIRE", _("Formulaire")
        CHAT = "CHAT", _("Chat")

    client = models.ForeignKey(
        "clients.Client", on_delete=models.PROTECT, related_name="contact_requests"
    )
    public_id = public_id_field()
    number = models.CharField(_("numéro"), max_length=20, unique=True)
    channel = models.CharField(
        _("canal"), max_length=12, choices=Channel.choices, default=Channel.FORM
    )
    category = models.CharField(_("catégorie"), max_length=12, choices=Category.choices)
    subject = models.CharField(_("objet"), max_length=120)
    order = models.ForeignKey(
        "orders.Order",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("commande"),
    )
    status = models.CharField(
        _("statut"), max_length=20, choices=Status.choices, default=Status.OPEN
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("conseiller"),
    )
    created_at = models.DateTimeField(_("créée le"))
    last_message_at = models.DateTimeField(_("dernier message le"))
    resolved_at = models.DateTimeField(_("résolue le"), null=True, blank=True)

    class Meta:
        verbose_name = _("demande au service clients")
        verbose_name_plural = _("demandes au service clients")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["client", "-created_at", "-id"], name="support_request_by_client"),
            models.Index(fields=["status", "created_at"], name="support_request_queue"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="RESOLUE", resolved_at__isnull=False)
                | (~Q(status="RESOLUE") & Q(resolved_at__isnull=True)),
                name="a_request_is_resolved_when_it_has_its_date",
            )
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def is_resolved(self) -> bool:
        return self.status == self.Status.RESOLVED


class ContactRequestEvent(StateHistory):
    request = models.ForeignKey(ContactRequest, on_delete=models.CASCADE, related_name="events")

    class Meta(StateHistory.Meta):
        verbose_name = _("étape de demande")
        verbose_name_plural = _("étapes de demande")


class SupportMessage(models.Model):
    """One message of a request's thread: the manager's, an agent's, or an agent's internal
    note (never shown to the client)."""

    class Kind(models.TextChoices):
        CLIENT = "CLIENT", _("Gestionnaire")
        AGENT = "CONSEILLER", _("Conseiller")
        NOTE = "NOTE", _("Note interne")

    client = models.ForeignKey("clients.Client", on_delete=models.PROTECT, related_name="+")
    request = models.ForeignKey(ContactRequest, on_delete=models.CASCADE, related_name="messages")
    kind = models.CharField(_("type"), max_length=12, choices=Kind.choices)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField(_("message"), max_length=MESSAGE_MAX)
    created_at = models.DateTimeField(_("envoyé le"))

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["request", "created_at", "id"], name="support_thread")]

    def __str__(self) -> str:
        return f"{self.request_id} {self.kind} {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def is_visible_to_client(self) -> bool:
        return self.kind != self.Kind.NOTE


class SupportAttachment(models.Model):
    """A file joined to a message: its type read from its bytes, stored through the storage
    API under a name nobody can guess, and served only by an access-checked view."""

    client = models.ForeignKey("clients.Client", on_delete=models.PROTECT, related_name="+")
    message = models.ForeignKey(
        SupportMessage, on_delete=models.CASCADE, related_name="attachments"
    )
    public_id = public_id_field()
    file_name = models.CharField(_("nom du fichier"), max_length=120)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("taille (octets)"))
    sha256 = models.CharField(max_length=64)
    storage_name = models.CharField(max_length=200, unique=True)
    created_at = models.DateTimeField(_("déposé le"))

    class Meta:
        verbose_name = _("pièce jointe")
        verbose_name_plural = _("pièces jointes")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.file_name
