"""Every write of the service clients (FAQ for now)."""

from datetime import datetime

from django.db import transaction
from django.db.models import F

from titresto.accounts.models import User
from titresto.core.audit import audit_record
from titresto.support.models import FaqCategory, FaqQuestion
from titresto.support.search import faq_search_text


@transaction.atomic
def faq_category_save(*, category: FaqCategory, staff: User, now: datetime) -> FaqCategory:
    """A heading written or changed by the issuer's staff in the back-office."""
    created = category.pk is None
    category.save()
    audit_record(
        actor_user=staff,
        action="faq_category.create" if created else "faq_category.update",
        now=now,
        target=category,
        data={"title": category.title_fr, "published": category.is_published},
    )
    return category


@transaction.atomic
def faq_question_save(*, question: FaqQuestion, staff: User, now: datetime) -> FaqQuestion:
    """A question written or changed by the staff: its search text follows its four texts."""
    created = question.pk is None
    question.search_text = faq_search_text(
        question.question_fr, question.answer_fr, question.question_en, question.answer_en
    )
    question.updated_at = now
    question.save()
    audit_record(
        actor_user=staff,
        action="faq_question.create" if created else "faq_question.update",
        now=now,
        target=question,
        data={"question": question.question_fr, "published": question.is_published},
    )
    return question


def faq_feedback_record(*, question: FaqQuestion, helpful: bool) -> None:
    """One « Cette réponse vous a-t-elle aidé ? » answer, counted in place (two readers at
    once both count). Anonymous and unaudited: it changes no client's data."""
    counter = "helpful_count" if helpful else "unhelpful_count"
    FaqQuestion.objects.filter(pk=question.pk).update(**{counter: F(counter) + 1})
