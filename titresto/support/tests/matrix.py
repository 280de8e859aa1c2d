"""URL matrix cases for the service clients' pages."""

from django.utils import timezone

from tests.factories import actor_for
from tests.matrix import Case, World
from titresto.support.attachments import Upload
from titresto.support.models import FaqCategory, FaqQuestion
from titresto.support.requests import request_create
from titresto.support.services import faq_category_save, faq_question_save
from titresto.support.tests.helpers import PDF_BYTES


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
    contact = request_create(
        actor=actor_for(world.client_admin),
        category="LIVRAISON",
        subject="Colis",
        body="Où est mon colis ?",
        order=None,
        uploads=[Upload("bon.pdf", PDF_BYTES)],
        now=now,
    )
    attachment = contact.messages.get().attachments.get()
    return [
        Case("support:chat"),
        Case("support:request_list"),
        Case("support:request_new"),
        Case(
            "support:request_new",
            method="post",
            data={"category": "AUTRE", "subject": "Question", "body": "Bonjour"},
            ok_statuses=(302,),
            label="send",
        ),
        Case("support:request_detail", kwargs={"public_id": contact.public_id}, tenant_object=True),
        Case(
            "support:request_detail",
            kwargs={"public_id": contact.public_id},
            method="post",
            data={"body": "Merci"},
            tenant_object=True,
            ok_statuses=(302,),
            label="reply",
        ),
        Case("support:attachment", kwargs={"public_id": attachment.public_id}, tenant_object=True),
        Case("support:faq"),
        Case(
            "support:faq_feedback",
            kwargs={"question_id": question.pk},
            method="post",
            data={"helpful": "oui"},
            ok_statuses=(302,),
        ),
    ]
