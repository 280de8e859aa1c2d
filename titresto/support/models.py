"""The service clients: the FAQ written by the issuer's staff (issue 12)."""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


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
