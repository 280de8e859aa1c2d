"""What the back-office shows but never edits: changes go through audited services only."""

import pytest
from django.db import connection
from django.test import Client as HttpClient
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.factories import CardFactory
from titresto.accounts.models import ActivationInvitation, Membership
from titresto.accounts.security.login import SECOND_FACTOR_SESSION_KEY
from titresto.accounts.tests.activation_helpers import onboard
from titresto.cards.models import Card
from titresto.clients.models import Client
from titresto.core.audit import audit_record
from titresto.core.capabilities import Profile
from titresto.core.models import AuditEvent, RuleSet

pytestmark = pytest.mark.django_db


@pytest.fixture
def backoffice(issuer_agent) -> HttpClient:
    http = HttpClient()
    http.force_login(issuer_agent)
    session = http.session
    session[SECOND_FACTOR_SESSION_KEY] = True
    session.save()
    return http


def test_the_audit_journal_cannot_be_edited_or_deleted(backoffice, tenant) -> None:
    event = audit_record(
        actor_user=None, action="client.created", now=timezone.now(), client=tenant, target=tenant
    )
    change_url = reverse("backoffice:core_auditevent_change", args=[event.pk])

    page = backoffice.get(change_url)
    edited = backoffice.post(change_url, {"action": "rien.du.tout", "actor_label": "x"})
    deleted = backoffice.post(
        reverse("backoffice:core_auditevent_delete", args=[event.pk]), {"post": "yes"}
    )

    assert page.status_code == 200
    assert 'name="action"' not in page.content.decode()
    assert edited.status_code == 403 and deleted.status_code == 403
    assert AuditEvent.objects.get(pk=event.pk).action == "client.created"


def test_an_activation_link_cannot_be_revived_by_hand(backoffice) -> None:
    invitation = onboard().invitation
    ActivationInvitation.objects.filter(pk=invitation.pk).update(burned_at=timezone.now())
    change_url = reverse("backoffice:accounts_activationinvitation_change", args=[invitation.pk])

    response = backoffice.post(change_url, {"burned_at_0": "", "burned_at_1": ""})

    assert response.status_code == 403
    assert ActivationInvitation.objects.get(pk=invitation.pk).burned_at is not None


def test_a_client_and_its_accesses_are_shown_not_edited(backoffice, client_admin, tenant) -> None:
    change_url = reverse("backoffice:clients_client_change", args=[tenant.pk])

    page = backoffice.get(change_url)
    edited = backoffice.post(
        change_url,
        {
            "legal_name": "Autre nom",
            "memberships-TOTAL_FORMS": "1",
            "memberships-INITIAL_FORMS": "1",
            "memberships-0-id": str(client_admin.pk),
            "memberships-0-profile": Profile.VISITEUR,
        },
    )
    deleted = backoffice.post(reverse("backoffice:clients_client_delete", args=[tenant.pk]))

    assert page.status_code == 200
    assert "SONACS" in page.content.decode()
    assert 'name="legal_name"' not in page.content.decode()
    assert edited.status_code == 403 and deleted.status_code == 403
    assert Client.objects.get(pk=tenant.pk).legal_name == "SONACS"
    assert Membership.objects.get(pk=client_admin.pk).profile == Profile.ADMINISTRATEUR
    assert not AuditEvent.objects.filter(client=tenant).exists()


def test_the_audit_journal_reads_its_clients_in_one_query(backoffice, tenant) -> None:
    now = timezone.now()
    for _ in range(5):
        audit_record(actor_user=None, action="client.created", now=now, client=tenant)
    url = reverse("backoffice:core_auditevent_changelist")
    backoffice.get(url)  # warm the session and content types

    with CaptureQueriesContext(connection) as few:
        backoffice.get(url)
    for _ in range(20):
        audit_record(actor_user=None, action="client.created", now=now, client=tenant)
    with CaptureQueriesContext(connection) as many:
        backoffice.get(url)

    assert len(many) == len(few)


def test_the_rules_table_is_shown_not_edited(backoffice) -> None:
    rules = RuleSet.objects.get(valid_from="2026-01-01")
    change_url = reverse("backoffice:core_ruleset_change", args=[rules.pk])

    listing = backoffice.get(reverse("backoffice:core_ruleset_changelist"))
    edited = backoffice.post(change_url, {"exemption_cap_cents": "9999"})
    added = backoffice.get(reverse("backoffice:core_ruleset_add"))

    assert listing.status_code == 200
    assert "7,32\xa0€" in listing.content.decode()
    assert edited.status_code == 403 and added.status_code == 403
    assert RuleSet.objects.get(pk=rules.pk).exemption_cap_cents == 732


def test_cards_are_shown_not_edited(backoffice) -> None:
    card = CardFactory(last_four="4242")
    change_url = reverse("backoffice:cards_card_change", args=[card.pk])

    listing = backoffice.get(reverse("backoffice:cards_card_changelist"))
    edited = backoffice.post(change_url, {"status": "BLOCKED"})

    assert listing.status_code == 200
    assert "4242" in listing.content.decode()
    assert edited.status_code == 403
    assert Card.objects.get(pk=card.pk).status == Card.Status.ACTIVE
