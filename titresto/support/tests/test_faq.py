"""The FAQ: public part before sign-in, the rest for managers, search without accents, the
« Cette réponse vous a-t-elle aidé ? » counts, and the service clients' hours on the page."""

import pytest
from django.test import Client as HttpClient
from django.urls import reverse

from tests.factories import actor_for
from titresto.core.models import AuditEvent
from titresto.support.models import FaqQuestion
from titresto.support.selectors import faq_page
from titresto.support.tests.helpers import faq_category, faq_question

pytestmark = pytest.mark.django_db
FAQ_URL = reverse("support:faq")


@pytest.fixture
def faq(issuer_agent):
    public = faq_category(issuer_agent, title="Activer mon compte", is_public=True)
    private = faq_category(issuer_agent, title="Cartes")
    return {
        "link": faq_question(
            issuer_agent,
            public,
            question="Je n'ai pas reçu mon lien « Activer mon compte »",
            answer="Regardez dans les courriers indésirables.",
            english="I did not receive my link",
        ),
        "card": faq_question(
            issuer_agent,
            private,
            question="La carte est refusée en caisse",
            answer="Vérifiez le plafond de 25 € par jour et le jour férié.",
        ),
        "draft": faq_question(issuer_agent, private, question="Brouillon", is_published=False),
    }


def test_before_sign_in_only_the_public_part_is_shown_with_the_service_clients(
    faq, settings
) -> None:
    page = HttpClient().get(FAQ_URL).content.decode()

    assert "Je n&#x27;ai pas reçu mon lien" in page
    assert "La carte est refusée" not in page and "Brouillon" not in page
    assert settings.ISSUER["support_phone"] in page
    assert settings.ISSUER["support_hours"] in page


def test_a_signed_in_manager_reads_every_published_question(faq, visiteur, signed_in) -> None:
    page = signed_in(visiteur).get(FAQ_URL).content.decode()

    assert "Je n&#x27;ai pas reçu mon lien" in page and "La carte est refusée" in page
    assert "Brouillon" not in page


def test_english_readers_get_the_english_text_where_there_is_one(faq, visiteur, signed_in) -> None:
    http = signed_in(visiteur)
    http.cookies["django_language"] = "en"

    page = http.get(FAQ_URL).content.decode()

    assert "I did not receive my link" in page
    assert "La carte est refusée en caisse" in page  # no English text: the French one


@pytest.mark.parametrize("typed", ["FERIE", "refusee CAISSE", "plafond  jour", "férié"])
def test_search_ignores_accents_and_case(faq, client_admin, typed) -> None:
    page = faq_page(actor=actor_for(client_admin), query=typed)

    assert [q.pk for s in page.sections for q in s.questions] == [faq["card"].pk]


def test_search_with_a_word_found_nowhere_finds_nothing(faq, client_admin) -> None:
    page = faq_page(actor=actor_for(client_admin), query="carte inexistantissime")

    assert page.sections == [] and page.found == 0


def test_search_does_not_reach_the_managers_part_anonymously(faq) -> None:
    assert faq_page(actor=None, query="caisse").found == 0


def test_search_treats_like_wildcards_as_text(faq, client_admin) -> None:
    assert faq_page(actor=actor_for(client_admin), query="%").found == 0


def test_feedback_is_counted_once_per_question_and_browser(faq) -> None:
    http = HttpClient()
    url = reverse("support:faq_feedback", args=[faq["link"].pk])

    first = http.post(url, {"helpful": "oui"})
    http.post(url, {"helpful": "non"})
    HttpClient().post(url, {"helpful": "non"})

    question = FaqQuestion.objects.get(pk=faq["link"].pk)
    assert first.status_code == 302 and first["Location"].endswith(f"#question-{question.pk}")
    assert (question.helpful_count, question.unhelpful_count) == (1, 1)
    assert "Merci, votre avis est enregistré." in http.get(FAQ_URL).content.decode()


def test_feedback_on_a_managers_question_is_refused_anonymously(faq) -> None:
    url = reverse("support:faq_feedback", args=[faq["card"].pk])

    response = HttpClient().post(url, {"helpful": "oui"})

    assert response.status_code == 404
    assert FaqQuestion.objects.get(pk=faq["card"].pk).helpful_count == 0


@pytest.mark.parametrize("question_id", ["0", "abc", "99999999"])
def test_feedback_on_no_question_is_a_404(faq, question_id) -> None:
    url = reverse("support:faq_feedback", args=[question_id])

    assert HttpClient().post(url, {"helpful": "oui"}).status_code == 404


def test_feedback_on_an_unpublished_question_is_a_404(faq, client_admin, signed_in) -> None:
    url = reverse("support:faq_feedback", args=[faq["draft"].pk])

    assert signed_in(client_admin).post(url, {"helpful": "oui"}).status_code == 404


def test_a_question_saved_by_the_staff_is_searchable_and_audited(issuer_agent) -> None:
    question = faq_question(
        issuer_agent, faq_category(issuer_agent), question="Où est ma FACTURE ?", answer="Là."
    )

    assert "ou est ma facture" in question.search_text
    assert AuditEvent.objects.filter(action="faq_question.create", actor_user=issuer_agent).exists()


def test_the_page_costs_the_same_whatever_the_number_of_questions(
    issuer_agent, client_admin, signed_in, django_assert_num_queries
) -> None:
    category = faq_category(issuer_agent)
    faq_question(issuer_agent, category)
    http = signed_in(client_admin)
    http.get(FAQ_URL)  # the session's first read

    with django_assert_num_queries(5) as one:
        http.get(FAQ_URL)
    for number in range(30):
        faq_question(issuer_agent, faq_category(issuer_agent, title=f"R{number}"))
    with django_assert_num_queries(len(one)):
        http.get(FAQ_URL)
