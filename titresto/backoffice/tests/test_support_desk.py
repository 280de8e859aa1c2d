"""The agents' desk: the queue oldest first, a request's thread with the client's context,
replies that reach the client, notes that do not, assignment and resolution."""

import pytest
from django.core import mail
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone

from tests.factories import UserFactory, actor_for, with_totp
from titresto.accounts.security.login import SECOND_FACTOR_SESSION_KEY
from titresto.orders.tests.order_helpers import draft_with
from titresto.support.attachments import Upload
from titresto.support.models import ContactRequest, SupportMessage
from titresto.support.requests import request_create
from titresto.support.tests.helpers import PDF_BYTES

pytestmark = pytest.mark.django_db
QUEUE_URL = reverse("backoffice:support_contactrequest_changelist")


@pytest.fixture
def backoffice(issuer_agent) -> HttpClient:
    http = HttpClient()
    http.force_login(issuer_agent)
    session = http.session
    session[SECOND_FACTOR_SESSION_KEY] = True
    session.save()
    return http


def ask(membership, subject="Colis perdu", order=None, uploads=()):
    return request_create(
        actor=actor_for(membership),
        category=ContactRequest.Category.DELIVERY,
        subject=subject,
        body="Notre colis n'est pas arrivé.",
        order=order,
        uploads=list(uploads),
        now=timezone.now(),
    )


def desk_url(contact):
    return reverse("backoffice:support_contactrequest_change", args=[contact.pk])


def test_the_queue_lists_open_requests_oldest_first(backoffice, client_admin, other_client_admin):
    older, newer = ask(client_admin, "Premier"), ask(other_client_admin, "Second")

    page = backoffice.get(QUEUE_URL).content.decode()

    assert older.number in page and newer.number in page
    assert page.index(older.number) < page.index(newer.number)


def test_the_desk_shows_the_thread_and_the_clients_order(backoffice, client_admin):
    order = draft_with(actor_for(client_admin), count=1)
    contact = ask(client_admin, order=order, uploads=[Upload("bon.pdf", PDF_BYTES)])

    page = backoffice.get(desk_url(contact)).content.decode()

    assert "Notre colis n&#x27;est pas arrivé." in page
    assert order.number in page and client_admin.client.client_number in page
    attachment = contact.messages.get().attachments.get()
    download = backoffice.get(reverse("backoffice:support_attachment", args=[attachment.public_id]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF_BYTES


def test_an_agent_answers_and_resolves_from_the_desk(
    backoffice, client_admin, issuer_agent, django_capture_on_commit_callbacks
):
    contact = ask(client_admin)

    with django_capture_on_commit_callbacks(execute=True):
        response = backoffice.post(
            desk_url(contact), {"action": "message", "body": "Renvoyé ce jour.", "resolve": "on"}
        )

    contact.refresh_from_db()
    assert response.status_code == 302
    assert contact.status == ContactRequest.Status.RESOLVED and contact.assigned_to == issuer_agent
    assert mail.outbox[-1].to == [client_admin.user.email]


def test_an_internal_note_stays_inside(backoffice, client_admin, signed_in):
    contact = ask(client_admin)

    backoffice.post(
        desk_url(contact), {"action": "message", "body": "Voir Colissimo", "internal": "on"}
    )

    note = SupportMessage.objects.get(kind=SupportMessage.Kind.NOTE)
    contact.refresh_from_db()
    assert note.body == "Voir Colissimo" and contact.status == ContactRequest.Status.OPEN
    portal = signed_in(client_admin).get(
        reverse("support:request_detail", args=[contact.public_id])
    )
    assert "Voir Colissimo" not in portal.content.decode()


def test_an_empty_answer_is_refused_and_nothing_is_sent(backoffice, client_admin):
    contact = ask(client_admin)

    response = backoffice.post(desk_url(contact), {"action": "message", "body": "  "})

    assert response.status_code == 200 and "Écrivez votre message" in response.content.decode()
    assert contact.messages.count() == 1


def test_requests_are_assigned_to_an_agent(backoffice, client_admin):
    colleague = with_totp(UserFactory(is_staff=True))
    contact = ask(client_admin)

    backoffice.post(desk_url(contact), {"action": "assign", "agent": colleague.pk})

    contact.refresh_from_db()
    assert contact.assigned_to == colleague


def test_a_manager_cannot_open_the_desk(client_admin, signed_in):
    contact = ask(client_admin)

    response = signed_in(client_admin).post(desk_url(contact), {"action": "resolve"})

    contact.refresh_from_db()
    assert response.status_code in (302, 403) and contact.status == ContactRequest.Status.OPEN


def test_the_desk_costs_the_same_whatever_the_thread(
    backoffice, client_admin, issuer_agent, django_assert_num_queries
):
    from titresto.support.requests import request_agent_reply

    contact = ask(client_admin)
    backoffice.get(desk_url(contact))
    with django_assert_num_queries(10) as short:
        backoffice.get(desk_url(contact))
    for _ in range(20):
        request_agent_reply(
            staff=issuer_agent,
            contact=contact,
            body="Réponse",
            uploads=[Upload("b.pdf", PDF_BYTES)],
            now=timezone.now(),
        )
    with django_assert_num_queries(len(short)):
        backoffice.get(desk_url(contact))
