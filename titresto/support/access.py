from django.http import Http404

from titresto.core.actors import Actor
from titresto.support.models import ContactRequest, FaqQuestion, SupportAttachment, SupportMessage
from titresto.support.selectors import faq_question_readable


def access_faq_question(*, actor: Actor | None, question_id: int | None) -> FaqQuestion:
    """A question this reader may see, or 404 (a managers' question asked anonymously too)."""
    question = (
        None if question_id is None else faq_question_readable(actor=actor, question_id=question_id)
    )
    if question is None:
        raise Http404
    return question


def access_request(*, actor: Actor, public_id: str) -> ContactRequest:
    """The actor's client's request, or 404 — the same for « missing » and « not yours »."""
    contact = (
        ContactRequest.objects.filter(client=actor.client, public_id=public_id)
        .select_related("order", "created_by")
        .first()
    )
    if contact is None:
        raise Http404
    return contact


def access_attachment(*, actor: Actor, public_id: str) -> SupportAttachment:
    """A file of the actor's client's thread, never one of an internal note."""
    attachment = (
        SupportAttachment.objects.filter(client=actor.client, public_id=public_id)
        .exclude(message__kind=SupportMessage.Kind.NOTE)
        .first()
    )
    if attachment is None:
        raise Http404
    return attachment
