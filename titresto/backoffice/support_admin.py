"""The service clients in the back-office: the FAQ, written by the issuer's staff."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy

from titresto.accounts.models import User
from titresto.backoffice.site import backoffice_site
from titresto.support.models import FaqCategory, FaqQuestion
from titresto.support.services import faq_category_save, faq_question_save


@admin.register(FaqCategory, site=backoffice_site)
class FaqCategoryAdmin(admin.ModelAdmin):
    list_display = ["title_fr", "title_en", "position", "is_public", "is_published"]
    list_editable = ["position", "is_public", "is_published"]

    def save_model(self, request: HttpRequest, obj: FaqCategory, form: Any, change: bool) -> None:
        faq_category_save(category=obj, staff=request.user, now=timezone.now())  # type: ignore[arg-type]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # unpublish instead: a deleted heading would take its counts with it


@admin.register(FaqQuestion, site=backoffice_site)
class FaqQuestionAdmin(admin.ModelAdmin):
    """Questions with their « Cette réponse vous a-t-elle aidé ? » counts, most read first."""

    list_display = [
        "question_fr",
        "category",
        "position",
        "is_published",
        "helpful_count",
        "unhelpful_count",
        "helpful_share",
    ]
    list_editable = ["position", "is_published"]
    list_filter = ["category", "is_published"]
    list_select_related = ["category"]
    search_fields = ["question_fr", "question_en"]
    readonly_fields = ["helpful_count", "unhelpful_count", "updated_at"]
    fields = [
        "category",
        "position",
        "is_published",
        "question_fr",
        "answer_fr",
        "question_en",
        "answer_en",
        "helpful_count",
        "unhelpful_count",
        "updated_at",
    ]

    @admin.display(description=gettext_lazy("part d'avis utiles"))
    def helpful_share(self, question: FaqQuestion) -> str:
        votes = question.helpful_count + question.unhelpful_count
        return f"{round(100 * question.helpful_count / votes)} %" if votes else "—"

    def save_model(self, request: HttpRequest, obj: FaqQuestion, form: Any, change: bool) -> None:
        staff: User = request.user  # type: ignore[assignment]
        faq_question_save(question=obj, staff=staff, now=timezone.now())

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
