"""URL matrix cases for the service clients' pages."""

from django.utils import timezone

from tests.matrix import Case, World
from titresto.support.models import FaqCategory, FaqQuestion
from titresto.support.services import faq_category_save, faq_question_save


def matrix_cases(world: World) -> list[Case]:
    now = timezone.now()
    category = faq_category_save(
        category=FaqCategory(title_fr="Activer mon compte", is_public=True),
        staff=world.issuer_agent,
        now=now,
    )
    question = faq_question_save(
        question=FaqQuestion(category=category, question_fr="Lien ?", answer_fr="Oui."),
        staff=world.issuer_agent,
        now=now,
    )
    return [
        Case("support:faq"),
        Case(
            "support:faq_feedback",
            kwargs={"question_id": question.pk},
            method="post",
            data={"helpful": "oui"},
            ok_statuses=(302,),
        ),
    ]
