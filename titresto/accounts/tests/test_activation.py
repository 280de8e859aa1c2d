"""« Activer mon compte » through HTTP, as the manager experiences it."""

import datetime as dt
import re

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from titresto.accounts.models import ActivationInvitation, Membership, User
from titresto.accounts.selectors import ACTIVE_CLIENT_SESSION_KEY
from titresto.accounts.services.activation import invitation_issue
from titresto.accounts.tests.activation_helpers import NEW_PASSWORD, activation_data, onboard
from titresto.core.models import AuditEvent

pytestmark = pytest.mark.django_db
START = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC)


def activation_path(onboarding) -> str:
    return reverse("accounts:activate", kwargs={"token": onboarding.issued.token})


def test_the_page_asks_for_a_password_and_both_numbers(client) -> None:
    onboarding = onboard()

    response = client.get(activation_path(onboarding))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Activer mon compte" in page
    for name in ("password1", "password2", "contract_number", "client_number"):
        assert f'name="{name}"' in page
    assert "Boulangerie Martin" in page


def test_happy_path_lands_on_the_dashboard_signed_in(client) -> None:
    onboarding = onboard()

    response = client.post(activation_path(onboarding), activation_data(onboarding), follow=True)

    assert response.redirect_chain[-1][0] == reverse("portal:dashboard")
    page = response.content.decode()
    assert "Votre compte est activé" in page
    assert onboarding.client.client_number in page
    manager = User.objects.get(pk=onboarding.manager.pk)
    assert manager.check_password(NEW_PASSWORD)
    assert Membership.objects.get(pk=onboarding.membership.pk).is_active
    assert ActivationInvitation.objects.get().used_at is not None
    assert client.session[ACTIVE_CLIENT_SESSION_KEY] == onboarding.client.pk
    assert int(client.session["_auth_user_id"]) == manager.pk


def test_activation_signs_in_like_any_login_audit_event_included(client) -> None:
    onboarding = onboard()

    client.post(activation_path(onboarding), activation_data(onboarding))

    signed_in = AuditEvent.objects.filter(
        action="accounts.signed_in", actor_user=onboarding.manager
    )
    assert signed_in.count() == 1


def test_numbers_are_accepted_with_spaces_and_any_case(client) -> None:
    onboarding = onboard()
    data = activation_data(
        onboarding,
        contract_number=f"  {onboarding.contract.contract_number.lower()} ",
        client_number=f" {onboarding.client.client_number}  ",
    )

    response = client.post(activation_path(onboarding), data)

    assert response.status_code == 302


def test_wrong_numbers_say_so_count_a_try_and_change_nothing_else(client) -> None:
    onboarding = onboard()

    response = client.post(
        activation_path(onboarding), activation_data(onboarding, client_number="99999999")
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "ne correspond pas" in page and "il vous reste 4 essais" in page
    invitation = ActivationInvitation.objects.get()
    assert invitation.failed_attempts == 1 and invitation.used_at is None
    assert not User.objects.get().has_usable_password()
    assert not Membership.objects.get().is_active
    assert "_auth_user_id" not in client.session


def test_another_clients_numbers_do_not_activate(client, other_tenant) -> None:
    onboarding = onboard()
    other_contract = other_tenant.contracts.get()
    data = activation_data(
        onboarding,
        contract_number=other_contract.contract_number,
        client_number=other_tenant.client_number,
    )

    response = client.post(activation_path(onboarding), data)

    assert response.status_code == 200
    assert ActivationInvitation.objects.get().failed_attempts == 1


def test_the_link_is_burned_after_five_wrong_tries(client) -> None:
    onboarding = onboard()
    wrong = activation_data(onboarding, contract_number="CT00000000")

    for _try in range(settings.ACTIVATION_MAX_ATTEMPTS - 1):
        assert client.post(activation_path(onboarding), wrong).status_code == 200
    response = client.post(activation_path(onboarding), wrong)

    assert response.status_code == 410
    assert "bloqué" in response.content.decode()
    invitation = ActivationInvitation.objects.get()
    assert invitation.burned_at is not None and invitation.failed_attempts == 5
    right = client.post(activation_path(onboarding), activation_data(onboarding))
    assert right.status_code == 410
    assert not Membership.objects.get().is_active


@pytest.mark.parametrize(
    ("password1", "password2", "message"),
    [
        ("court42!", "court42!", "trop court"),
        ("123456789012345", "123456789012345", "entièrement numérique"),
        ("password1234", "password1234", "trop courant"),
        (NEW_PASSWORD, NEW_PASSWORD + "x", "Les deux mots de passe diffèrent"),
        ("", "", "Choisissez un mot de passe"),
    ],
)
def test_a_weak_or_mismatched_password_is_refused_without_spending_a_try(
    client, password1, password2, message
) -> None:
    onboarding = onboard()
    data = activation_data(onboarding, password1=password1, password2=password2)

    response = client.post(activation_path(onboarding), data)

    assert response.status_code == 200
    assert message in response.content.decode()
    invitation = ActivationInvitation.objects.get()
    assert invitation.failed_attempts == 0 and invitation.used_at is None
    assert not User.objects.get().has_usable_password()


def test_missing_fields_are_a_form_error_not_a_crash(client) -> None:
    onboarding = onboard()

    response = client.post(activation_path(onboarding), {})

    assert response.status_code == 200
    assert "Saisissez le numéro client" in response.content.decode()


def test_the_link_works_for_48_hours_only(client) -> None:
    with time_machine.travel(START, tick=False):
        onboarding = onboard(now=timezone.now())
    with time_machine.travel(START + dt.timedelta(hours=47, minutes=59), tick=False):
        assert client.get(activation_path(onboarding)).status_code == 200
    with time_machine.travel(START + dt.timedelta(hours=48), tick=False):
        response = client.post(activation_path(onboarding), activation_data(onboarding))

    assert response.status_code == 410
    page = response.content.decode()
    # An expired link keeps nothing alive: the page sends the person to the service clients.
    assert "a expiré" in page and settings.ISSUER["support_phone"] in page
    assert "Recevoir un nouveau lien" not in page
    assert not Membership.objects.get().is_active


def test_a_used_link_cannot_serve_again(client) -> None:
    onboarding = onboard()
    client.post(activation_path(onboarding), activation_data(onboarding))
    client.logout()

    response = client.post(
        activation_path(onboarding),
        activation_data(onboarding, password1="autre phrase de passe 99"),
    )

    assert response.status_code == 410
    assert "déjà servi" in response.content.decode()
    assert User.objects.get().check_password(NEW_PASSWORD)


@pytest.mark.parametrize("token", ["x" * 43, "court", "a" * 200, "pas-un-jeton!!"])
def test_a_forged_link_reveals_nothing(client, token) -> None:
    onboard()

    response = client.get(reverse("accounts:activate", kwargs={"token": token}))

    assert response.status_code == 404
    page = response.content.decode()
    assert "n'est pas valide" in page
    assert "Boulangerie" not in page and "gestionnaire@" not in page
    assert "Recevoir un nouveau lien" in page


def test_posting_to_a_forged_link_changes_nothing(client) -> None:
    onboarding = onboard()

    response = client.post(
        reverse("accounts:activate", kwargs={"token": "y" * 43}), activation_data(onboarding)
    )

    assert response.status_code == 404
    assert ActivationInvitation.objects.get().failed_attempts == 0


def test_a_new_link_is_sent_and_the_old_one_stops_working(
    client, django_capture_on_commit_callbacks
) -> None:
    onboarding = onboard()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("accounts:activation_request"),
            {"email": " Gestionnaire@Boulangerie.example "},
            follow=True,
        )

    assert "Si cette adresse correspond à un compte en attente" in response.content.decode()
    assert len(mail.outbox) == 1
    new_url = next(line for line in mail.outbox[0].body.splitlines() if "/compte/activer/" in line)
    old = client.get(activation_path(onboarding))
    assert old.status_code == 410 and "remplacé" in old.content.decode()
    new_path = new_url.strip().removeprefix(settings.SITE_URL)
    activated = client.post(new_path, activation_data(onboarding))
    assert activated.status_code == 302
    assert Membership.objects.get().is_active


def test_the_new_link_answer_is_the_same_for_an_unknown_address(
    client, django_capture_on_commit_callbacks
) -> None:
    onboard()
    url = reverse("accounts:activation_request")

    with django_capture_on_commit_callbacks(execute=True):
        known = client.post(url, {"email": "gestionnaire@boulangerie.example"}, follow=True)
        unknown = client.post(url, {"email": "personne@nulle-part.example"}, follow=True)

    def answer(response) -> str:
        main = response.content.decode().split('id="contenu"')[1]
        return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", main)

    assert answer(known) == answer(unknown)
    assert len(mail.outbox) == 1


def test_an_already_active_account_gets_no_new_link(
    client, client_admin, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("accounts:activation_request"), {"email": client_admin.user.email}, follow=True
        )

    assert "Si cette adresse correspond" in response.content.decode()
    assert mail.outbox == []
    assert not ActivationInvitation.objects.exists()


def test_new_link_requests_are_throttled_per_address(client) -> None:
    onboard()
    url = reverse("accounts:activation_request")
    for _request in range(3):
        client.post(url, {"email": "gestionnaire@boulangerie.example"})

    response = client.post(url, {"email": "gestionnaire@boulangerie.example"})

    assert response.status_code == 429
    assert "Trop de demandes" in response.content.decode()
    assert ActivationInvitation.objects.count() == 4  # the onboarding's and three new ones


def test_new_link_requests_from_one_ipv6_network_count_together(client, db) -> None:
    url = reverse("accounts:activation_request")
    for index in range(20):
        client.post(
            url,
            {"email": f"personne{index}@example.fr"},
            REMOTE_ADDR=f"2001:db8:1:2::{index + 1:x}",
        )

    response = client.post(url, {"email": "autre@example.fr"}, REMOTE_ADDR="2001:db8:1:2::ff")

    assert response.status_code == 429


def test_a_bad_address_in_the_new_link_form_is_a_form_error(client) -> None:
    response = client.post(reverse("accounts:activation_request"), {"email": "pas une adresse"})

    assert response.status_code == 200
    assert "Saisissez une adresse e-mail valide" in response.content.decode()


def test_a_manager_of_another_client_confirms_with_their_current_password(
    client, client_admin
) -> None:
    onboarding = onboard(email=client_admin.user.email)
    page = client.get(activation_path(onboarding)).content.decode()
    assert 'name="current_password"' in page and 'name="password1"' not in page
    data = {
        "current_password": "un mot de passe solide 42",
        "contract_number": onboarding.contract.contract_number,
        "client_number": onboarding.client.client_number,
    }

    response = client.post(activation_path(onboarding), data, follow=True)

    assert response.redirect_chain[-1][0] == reverse("portal:dashboard")
    assert client.session[ACTIVE_CLIENT_SESSION_KEY] == onboarding.client.pk
    assert Membership.objects.filter(user=client_admin.user, is_active=True).count() == 2
    assert User.objects.get(pk=client_admin.user.pk).check_password("un mot de passe solide 42")


def test_a_wrong_current_password_counts_as_a_wrong_try(client, client_admin) -> None:
    onboarding = onboard(email=client_admin.user.email)
    data = {
        "current_password": "pas le bon mot de passe",
        "contract_number": onboarding.contract.contract_number,
        "client_number": onboarding.client.client_number,
    }

    response = client.post(activation_path(onboarding), data)

    assert response.status_code == 200
    assert "pas celui de votre compte" in response.content.decode()
    assert ActivationInvitation.objects.get().failed_attempts == 1
    assert not Membership.objects.get(client=onboarding.client).is_active


def test_a_pending_access_gives_no_access_to_the_new_client(client_admin, signed_in) -> None:
    onboarding = onboard(email=client_admin.user.email)
    http = signed_in(client_admin)

    response = http.post(
        reverse("accounts:switch_client"), {"client": onboarding.client.client_number}, follow=True
    )

    assert "ne fait pas partie de vos accès" in response.content.decode()
    assert http.session.get(ACTIVE_CLIENT_SESSION_KEY) != onboarding.client.pk


def test_the_activated_manager_cannot_reach_another_client(client, other_tenant) -> None:
    onboarding = onboard()
    client.post(activation_path(onboarding), activation_data(onboarding))

    response = client.post(
        reverse("accounts:switch_client"), {"client": other_tenant.client_number}, follow=True
    )

    page = response.content.decode()
    assert "ne fait pas partie de vos accès" in page
    assert other_tenant.legal_name not in page
    assert client.session[ACTIVE_CLIENT_SESSION_KEY] == onboarding.client.pk


def test_reissuing_a_link_keeps_the_count_of_wrong_tries_per_link(client) -> None:
    onboarding = onboard()
    client.post(activation_path(onboarding), activation_data(onboarding, client_number="1"))

    fresh = invitation_issue(
        membership=onboarding.membership, actor_user=None, now=timezone.now(), send_mail=False
    )

    assert fresh.invitation.failed_attempts == 0
    assert (
        client.get(reverse("accounts:activate", kwargs={"token": fresh.token})).status_code == 200
    )


def test_the_page_is_public_even_for_someone_signed_in_elsewhere(signed_in, visiteur) -> None:
    onboarding = onboard()
    http = signed_in(visiteur)

    response = http.post(activation_path(onboarding), activation_data(onboarding))

    assert response.status_code == 302
    assert int(http.session["_auth_user_id"]) == onboarding.manager.pk


def test_the_activation_page_costs_a_fixed_number_of_queries(
    client, django_assert_num_queries
) -> None:
    onboarding = onboard()

    with django_assert_num_queries(1):  # the invitation, with its access, person and client
        response = client.get(activation_path(onboarding))

    assert response.status_code == 200
