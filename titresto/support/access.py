from django.http import Http404

from titresto.core.actors import Actor
from titresto.support.models import FaqQuestion
from titresto.support.selectors import faq_question_readable


def access_faq_question(*, actor: Actor | None, question_id: int | None) -> FaqQuestion:
    """A question this reader may see, or 404 (a managers' question asked anonymously too)."""
    question = (
        None if question_id is None else faq_question_readable(actor=actor, question_id=question_id)
    )
    if question is None:
        raise Http404
    return question
