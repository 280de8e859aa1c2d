"""The FAQ in the back-office: written by the staff through the audited service, with counts."""

import pytest
from django.test import Client as HttpClient
from django.urls import reverse

from titresto.accounts.security.login import SECOND_FACTOR_SESSION_KEY
from titresto.core.models import AuditEvent
from titresto.support.models import FaqQuestion
from titresto.support.tests.helpers import faq_category, faq_question

pytestmark = pytest.mark.django_db


@pytest.fixture
def backoffice(issuer_agent) -> HttpClient:
    http = HttpClient()
    http.force_login(issuer_agent)
    session = http.session
    session[SECOND_FACTOR_SESSION_KEY] = True
    session.save()
    return http


def test_staff_write_a_question_found_by_the_search(backoffice, issuer_agent) -> None:
    category = faq_category(issuer_agent)

    response = backoffice.post(
        reverse("backoffice:support_faqquestion_add"),
        {
            "category": category.pk,
            "position": "5",
            "is_published": "on",
            "question_fr": "Où trouver l'état de ma commande ?",
            "answer_fr": "Dans « Suivi de mes commandes ».",
            "question_en": "",
            "answer_en": "",
        },
    )

    question = FaqQuestion.objects.get()
    assert response.status_code == 302
    assert "ou trouver l etat de ma commande" in question.search_text
    assert AuditEvent.objects.filter(
        action="faq_question.create", target_id=str(question.pk)
    ).exists()


def test_the_list_shows_the_helpful_counts(backoffice, issuer_agent) -> None:
    question = faq_question(issuer_agent, faq_category(issuer_agent))
    FaqQuestion.objects.filter(pk=question.pk).update(helpful_count=3, unhelpful_count=1)

    page = backoffice.get(reverse("backoffice:support_faqquestion_changelist")).content.decode()

    assert "75 %" in page


def test_a_manager_cannot_edit_the_faq(client_admin, signed_in) -> None:
    response = signed_in(client_admin).get(reverse("backoffice:support_faqquestion_add"))

    assert response.status_code in (302, 403)
    assert FaqQuestion.objects.count() == 0
