"""Test helpers of the service clients: FAQ rows written through their services."""

from django.utils import timezone

from titresto.accounts.models import User
from titresto.support.models import FaqCategory, FaqQuestion
from titresto.support.services import faq_category_save, faq_question_save


def faq_category(staff: User, *, title: str = "Commandes", is_public: bool = False) -> FaqCategory:
    return faq_category_save(
        category=FaqCategory(title_fr=title, title_en=f"{title} (en)", is_public=is_public),
        staff=staff,
        now=timezone.now(),
    )


def faq_question(
    staff: User,
    category: FaqCategory,
    *,
    question: str = "Comment payer ?",
    answer: str = "Par carte ou par virement.",
    english: str = "",
    is_published: bool = True,
) -> FaqQuestion:
    return faq_question_save(
        question=FaqQuestion(
            category=category,
            question_fr=question,
            answer_fr=answer,
            question_en=english,
            answer_en=f"{english} answer" if english else "",
            is_published=is_published,
        ),
        staff=staff,
        now=timezone.now(),
    )
