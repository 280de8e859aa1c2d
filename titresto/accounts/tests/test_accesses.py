"""« Gestion des accès »: invite, activate, change, suspend, reactivate, remove — and refusals."""

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from tests.factories import MembershipFactory, UserFactory, with_totp
from titresto.accounts.models import ActivationInvitation, Membership, User
from titresto.clients.models import Client
from titresto.core.capabilities import Profile
from titresto.core.models import AuditEvent

pytestmark = pytest.mark.django_db

SEED_WORDS = (
    "Pour des raisons de sécurité certaines fonctionnalités ne sont pas disponibles lors de la "
    "première commande."
)
LIST_URL = reverse("accounts:access_list")
INVITE_URL = reverse("accounts:access_invite")
NEW_PASSWORD = "une phrase de passe solide 2026"
TWO_FACTOR_ON = {"requires_two_factor": "on", "carry_over_policy": "AUTOMATIC"}


def _paid(client: Client) -> None:
    Client.objects.filter(pk=client.pk).update(first_order_paid_at=client.created_at)


def _url(name: str, access: Membership) -> str:
    return reverse(f"accounts:{name}", kwargs={"access_id": access.pk})


def _link_path(message: mail.EmailMessage) -> str:
    line = next(line for line in message.body.splitlines() if "/compte/activer/" in line)
    return line.strip().removeprefix(settings.SITE_URL)


def _page(response) -> str:
    return response.content.decode().replace("&#x27;", "'").replace("&quot;", '"')


@pytest.fixture
def paid_admin(client_admin: Membership) -> Membership:
    _paid(client_admin.client)
    client_admin.client.refresh_from_db()
    return client_admin


def test_the_list_shows_each_manager_profile_status_sign_in_and_second_factor(
    paid_admin, commandeur, signed_in
) -> None:
    with_totp(commandeur.user)
    User.objects.filter(pk=commandeur.user.pk).update(last_login=timezone.now())
    MembershipFactory(client=paid_admin.client, profile=Profile.VISITEUR, is_active=False)

    response = signed_in(paid_admin).get(LIST_URL)

    rows = list(response.context["accesses"])
    statuses = sorted(str(access.get_status_display()) for access in rows)
    assert statuses == ["Actif", "Actif", "Invité"]
    page = _page(response)
    assert commandeur.user.email in page and "Commandeur" in page and "Visiteur" in page
    assert "Jamais" in page and "Oui" in page
    assert INVITE_URL in page


def test_before_the_first_paid_order_the_list_is_read_only_and_says_why(
    client_admin, commandeur, signed_in
) -> None:
    http = signed_in(client_admin)

    page = _page(http.get(LIST_URL))
    form = http.get(INVITE_URL)
    forged = http.post(INVITE_URL, {"email": "x@example.com", "profile": Profile.VISITEUR})
    forged_suspend = http.post(_url("access_suspend", commandeur), {"version": 1})

    assert SEED_WORDS in page and INVITE_URL not in page
    assert form.status_code == 302 and form["Location"] == LIST_URL
    assert forged.status_code == 403 and SEED_WORDS in _page(forged)
    assert forged_suspend.status_code == 403
    assert Membership.objects.get(pk=commandeur.pk).is_active
    assert not User.objects.filter(email="x@example.com").exists()
    assert not AuditEvent.objects.filter(action__startswith="access.").exists()


def test_an_invited_colleague_activates_from_the_mail_and_sees_the_portal(
    paid_admin, signed_in, client, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in(paid_admin).post(
            INVITE_URL, {"email": " Nouvelle.Recrue@Example.com ", "profile": Profile.COMMANDEUR}
        )

    assert response.status_code == 302
    access = Membership.objects.get(user__email="nouvelle.recrue@example.com")
    assert access.status == Membership.Status.INVITED and access.invited_by == paid_admin.user
    assert [message.to for message in mail.outbox] == [["nouvelle.recrue@example.com"]]
    body = mail.outbox[0].body
    assert "vous invite à gérer l'Espace Client de SONACS avec le profil « Commandeur »" in body
    assert paid_admin.client.client_number in body
    invitation = ActivationInvitation.objects.get(membership=access)
    assert (invitation.expires_at - invitation.created_at).total_seconds() == 48 * 3600
    assert _link_path(mail.outbox[0]).rsplit("/", 2)[-2] not in invitation.token_hash

    activated = client.post(
        _link_path(mail.outbox[0]),
        {
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
            "contract_number": paid_admin.client.contracts.get().contract_number,
            "client_number": paid_admin.client.client_number,
        },
        follow=True,
    )

    assert activated.redirect_chain[-1][0] == reverse("portal:dashboard")
    assert Membership.objects.get(pk=access.pk).status == Membership.Status.ACTIVE
    assert client.get(_link_path(mail.outbox[0])).status_code == 410  # single use
    assert list(
        AuditEvent.objects.filter(
            client=paid_admin.client, action__startswith="access."
        ).values_list("action", flat=True)
    ) == ["access.invited"]


def test_a_person_who_manages_another_client_joins_with_their_current_password(
    paid_admin, other_client_admin, client, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        from django.test import Client as HttpClient

        http = HttpClient()
        http.force_login(paid_admin.user)
        http.post(INVITE_URL, {"email": other_client_admin.user.email, "profile": "VISITEUR"})

    assert "saisissez le mot de passe que vous utilisez déjà" in mail.outbox[0].body
    data = {
        "current_password": "un mot de passe solide 42",
        "contract_number": paid_admin.client.contracts.get().contract_number,
        "client_number": paid_admin.client.client_number,
    }
    response = client.post(_link_path(mail.outbox[0]), data)

    assert response.status_code == 302
    assert Membership.objects.filter(user=other_client_admin.user, is_active=True).count() == 2
    assert User.objects.filter(email=other_client_admin.user.email).count() == 1


@pytest.mark.parametrize(
    ("email", "expected"),
    [
        ("pas-une-adresse", "Saisissez une adresse e-mail valide"),
        ("", "Saisissez l'adresse e-mail de la personne à inviter."),
        ("staff", "agent de l'émetteur ou à un compte désactivé"),
        ("inactive", "agent de l'émetteur ou à un compte désactivé"),
        ("colleague", "a déjà un accès à votre compte"),
        ("invited", "a déjà un accès à votre compte"),
    ],
)
def test_a_bad_invitation_is_told_and_changes_nothing(
    paid_admin, commandeur, issuer_agent, signed_in, email, expected
) -> None:
    invited = MembershipFactory(client=paid_admin.client, is_active=False)
    inactive = UserFactory(is_active=False)
    address = {
        "staff": issuer_agent.email,
        "inactive": inactive.email,
        "colleague": commandeur.user.email.upper(),
        "invited": invited.user.email,
    }.get(email, email)
    before = (Membership.objects.count(), User.objects.count(), AuditEvent.objects.count())

    response = signed_in(paid_admin).post(INVITE_URL, {"email": address, "profile": "VISITEUR"})

    assert response.status_code == 200
    assert expected in _page(response)
    assert (Membership.objects.count(), User.objects.count(), AuditEvent.objects.count()) == before
    assert ActivationInvitation.objects.count() == 0


def test_an_unknown_profile_is_refused(paid_admin, signed_in) -> None:
    response = signed_in(paid_admin).post(INVITE_URL, {"email": "a@example.com", "profile": "ROI"})

    assert "Choisissez un profil dans la liste." in _page(response)
    assert not User.objects.filter(email="a@example.com").exists()


def test_every_administrator_is_told_when_an_administrator_is_added(
    paid_admin, commandeur, signed_in, django_capture_on_commit_callbacks
) -> None:
    second_admin = MembershipFactory(client=paid_admin.client, profile=Profile.ADMINISTRATEUR)
    MembershipFactory(client=paid_admin.client, profile=Profile.ADMINISTRATEUR, is_active=False)
    http = signed_in(paid_admin)

    with django_capture_on_commit_callbacks(execute=True):
        http.post(INVITE_URL, {"email": "nouvel.admin@example.com", "profile": "ADMINISTRATEUR"})
    with django_capture_on_commit_callbacks(execute=True):
        http.post(
            _url("access_detail", commandeur),
            {"profile": "ADMINISTRATEUR", "version": commandeur.version},
        )

    told = [
        message for message in mail.outbox if "Un administrateur a été ajouté" in message.subject
    ]
    assert len(told) == 2
    expected = sorted([paid_admin.user.email, second_admin.user.email])
    assert told[0].to == expected
    assert "nouvel.admin@example.com" in told[0].body
    assert sorted(told[1].to) == sorted([*expected, commandeur.user.email])
    assert commandeur.user.email in told[1].body


def test_a_profile_change_holds_from_the_next_request(paid_admin, commandeur, signed_in) -> None:
    commandeur_http = signed_in(commandeur)
    assert commandeur_http.get(reverse("beneficiaries:create")).status_code == 200

    response = signed_in(paid_admin).post(
        _url("access_detail", commandeur), {"profile": "VISITEUR", "version": 1}
    )

    assert response.status_code == 302
    assert commandeur_http.get(reverse("beneficiaries:create")).status_code == 403
    event = AuditEvent.objects.get(action="access.profile_changed")
    assert event.data["changes"] == {"profile": ["Commandeur", "Visiteur"]}
    assert Membership.objects.get(pk=commandeur.pk).version == 2


def test_a_suspended_manager_is_refused_on_the_next_request_and_back_once_reactivated(
    paid_admin, commandeur, signed_in
) -> None:
    commandeur_http = signed_in(commandeur)
    admin_http = signed_in(paid_admin)
    assert commandeur_http.get(reverse("portal:dashboard")).status_code == 200

    admin_http.post(_url("access_suspend", commandeur), {"version": 1})

    refused = commandeur_http.get(reverse("portal:dashboard"))
    assert refused.status_code == 403
    assert "votre accès a été suspendu ou retiré" in _page(refused)
    assert Membership.objects.get(pk=commandeur.pk).status == Membership.Status.SUSPENDED

    admin_http.post(_url("access_reactivate", commandeur), {"version": 2})

    assert commandeur_http.get(reverse("portal:dashboard")).status_code == 200
    actions = AuditEvent.objects.filter(action__startswith="access.").values_list("action")
    assert [action for (action,) in actions.order_by("id")] == [
        "access.suspended",
        "access.reactivated",
    ]


def test_removing_an_access_keeps_the_persons_account(paid_admin, commandeur, signed_in) -> None:
    response = signed_in(paid_admin).post(_url("access_remove", commandeur), {"version": 1})

    assert response.status_code == 302 and response["Location"] == LIST_URL
    assert not Membership.objects.filter(pk=commandeur.pk).exists()
    assert User.objects.filter(pk=commandeur.user.pk).exists()
    assert AuditEvent.objects.get(action="access.removed").data["email"] == commandeur.user.email


def test_a_withdrawn_invitation_kills_its_link(
    paid_admin, signed_in, client, django_capture_on_commit_callbacks
) -> None:
    http = signed_in(paid_admin)
    with django_capture_on_commit_callbacks(execute=True):
        http.post(INVITE_URL, {"email": "recrue@example.com", "profile": "VISITEUR"})
    access = Membership.objects.get(user__email="recrue@example.com")

    http.post(_url("access_remove", access), {"version": access.version})

    assert client.get(_link_path(mail.outbox[0])).status_code == 404
    assert AuditEvent.objects.filter(action="access.invitation_withdrawn").count() == 1


def test_a_new_link_replaces_the_old_one(
    paid_admin, signed_in, client, django_capture_on_commit_callbacks
) -> None:
    http = signed_in(paid_admin)
    with django_capture_on_commit_callbacks(execute=True):
        http.post(INVITE_URL, {"email": "recrue@example.com", "profile": "VISITEUR"})
    access = Membership.objects.get(user__email="recrue@example.com")

    with django_capture_on_commit_callbacks(execute=True):
        http.post(_url("access_renew", access))

    assert len(mail.outbox) == 2
    old = client.get(_link_path(mail.outbox[0]))
    assert old.status_code == 410 and "remplacé" in _page(old)
    assert client.get(_link_path(mail.outbox[1])).status_code == 200


@pytest.mark.parametrize("doing", ["privé du profil Administrateur", "suspendu", "supprimé"])
def test_the_last_active_administrator_is_kept_whatever_is_asked(paid_admin, doing) -> None:
    """Through the portal an administrator reaches only colleagues' accesses, and is counted
    among the administrators, so the rule guards the invariant for any other caller."""
    from titresto.accounts.services.accesses import AccessRefused, _last_administrator_check

    MembershipFactory(client=paid_admin.client, profile=Profile.ADMINISTRATEUR, is_active=False)
    MembershipFactory(
        client=paid_admin.client, profile=Profile.ADMINISTRATEUR, user__is_active=False
    )

    with pytest.raises(AccessRefused) as refused:
        _last_administrator_check(paid_admin, doing=doing)

    assert str(refused.value.user_message) == (
        f"{paid_admin.user.email} est le dernier administrateur actif du compte : il ne peut pas "
        f"être {doing}. Donnez d'abord le profil Administrateur à un autre gestionnaire."
    )
    colleague = MembershipFactory(client=paid_admin.client, profile=Profile.ADMINISTRATEUR)
    _last_administrator_check(paid_admin, doing=doing)  # another active one: allowed
    _last_administrator_check(colleague, doing=doing)


@pytest.mark.parametrize("name", ["access_suspend", "access_remove"])
def test_an_administrator_cannot_lock_themselves_out(paid_admin, signed_in, name) -> None:
    MembershipFactory(client=paid_admin.client, profile=Profile.ADMINISTRATEUR)
    http = signed_in(paid_admin)

    response = http.post(_url(name, paid_admin), {"version": 1}, follow=True)

    assert "votre propre accès" in _page(response)
    assert Membership.objects.get(pk=paid_admin.pk).status == Membership.Status.ACTIVE


def test_an_administrator_cannot_demote_themselves(paid_admin, signed_in) -> None:
    MembershipFactory(client=paid_admin.client, profile=Profile.ADMINISTRATEUR)

    response = signed_in(paid_admin).post(
        _url("access_detail", paid_admin), {"profile": "VISITEUR", "version": 1}
    )

    assert "votre propre accès" in _page(response)
    assert Membership.objects.get(pk=paid_admin.pk).profile == Profile.ADMINISTRATEUR


def test_two_administrators_editing_one_access_the_second_is_told(
    paid_admin, commandeur, signed_in
) -> None:
    second_admin = MembershipFactory(client=paid_admin.client, profile=Profile.ADMINISTRATEUR)
    signed_in(paid_admin).post(
        _url("access_detail", commandeur), {"profile": "VISITEUR", "version": 1}
    )

    response = signed_in(second_admin).post(
        _url("access_suspend", commandeur), {"version": 1}, follow=True
    )

    assert "modifiée entre-temps par Camille Durand" in _page(response)
    refreshed = Membership.objects.get(pk=commandeur.pk)
    assert (refreshed.profile, refreshed.is_active) == (Profile.VISITEUR, True)


def test_a_demoted_administrator_with_a_page_open_is_refused(paid_admin, commandeur) -> None:
    from titresto.accounts.selectors import membership_list
    from titresto.accounts.services.accesses import AccessForbidden, access_suspend
    from titresto.core.actors import Actor

    second_admin = MembershipFactory(client=paid_admin.client, profile=Profile.ADMINISTRATEUR)
    membership = membership_list(user=second_admin.user)[0]
    stale_actor = Actor(
        user=second_admin.user,
        client=membership.client,
        membership=membership,
        capabilities=membership.capabilities,
    )
    Membership.objects.filter(pk=second_admin.pk).update(profile=Profile.COMMANDEUR)

    with pytest.raises(AccessForbidden):
        access_suspend(
            actor=stale_actor, membership=commandeur, expected_version=1, now=timezone.now()
        )

    assert Membership.objects.get(pk=commandeur.pk).is_active


def test_the_list_costs_the_same_queries_whatever_the_number_of_accesses(
    paid_admin, signed_in, django_assert_num_queries
) -> None:
    http = signed_in(paid_admin)
    http.get(LIST_URL)
    # session, user, memberships (the actor), the accesses with their live links
    with django_assert_num_queries(4):
        http.get(LIST_URL)
    for _ in range(30):
        MembershipFactory(client=paid_admin.client, profile=Profile.VISITEUR, is_active=False)
    with django_assert_num_queries(4):
        http.get(LIST_URL)


def test_the_access_page_costs_a_fixed_number_of_queries(
    paid_admin, commandeur, signed_in, django_assert_num_queries
) -> None:
    http = signed_in(paid_admin)
    http.get(_url("access_detail", commandeur))
    # session, user, memberships (the actor), the access with its person, the custom profiles
    with django_assert_num_queries(5):
        assert http.get(_url("access_detail", commandeur)).status_code == 200


def test_another_clients_access_is_a_404(paid_admin, other_client_admin, signed_in) -> None:
    http = signed_in(paid_admin)

    assert http.get(_url("access_detail", other_client_admin)).status_code == 404
    assert http.post(_url("access_suspend", other_client_admin), {"version": 1}).status_code == 404
    assert reverse("accounts:access_detail", kwargs={"access_id": "9" * 18})
    assert http.get(f"/compte/acces/{'9' * 18}/").status_code == 404
    assert Membership.objects.get(pk=other_client_admin.pk).is_active


def test_an_administrator_makes_two_factor_sign_in_mandatory(
    client_admin, commandeur, signed_in
) -> None:
    response = signed_in(client_admin).post(reverse("accounts:client_options"), TWO_FACTOR_ON)

    assert response.status_code == 302
    assert Client.objects.get(pk=client_admin.client.pk).requires_two_factor
    event = AuditEvent.objects.get(action="client.option_changed")
    assert event.data == {
        "option": "requires_two_factor",
        "changes": {"requires_two_factor": [False, True]},
    }
    # Without a code yet, every manager is sent to enrolment before anything else.
    first_visit = signed_in(commandeur).get(reverse("portal:dashboard"))
    assert first_visit.status_code == 302
    assert first_visit["Location"] == reverse("accounts:totp_enrol")


def test_with_two_factor_mandatory_an_enrolled_manager_must_give_a_code(
    client_admin, commandeur, signed_in
) -> None:
    Client.objects.filter(pk=client_admin.client.pk).update(requires_two_factor=True)
    with_totp(commandeur.user)

    http = signed_in(commandeur)  # a session opened without the code
    unverified = http.get(reverse("beneficiaries:list"))
    from tests.factories import second_factor_verified

    second_factor_verified(http)
    verified = http.get(reverse("beneficiaries:list"))

    assert unverified.status_code == 302
    assert unverified["Location"] == reverse("accounts:login_code")
    assert verified.status_code == 200


def test_with_two_factor_mandatory_a_manager_cannot_turn_it_off(commandeur) -> None:
    from tests.factories import totp_code
    from titresto.accounts.security.services import TotpRequiredByClient, totp_disable

    Client.objects.filter(pk=commandeur.client.pk).update(requires_two_factor=True)
    user = with_totp(commandeur.user)

    with pytest.raises(TotpRequiredByClient):
        totp_disable(
            user=user, password="un mot de passe solide 42", code=totp_code(), now=timezone.now()
        )

    assert User.objects.get(pk=user.pk).has_totp


def test_two_factor_of_one_client_does_not_bind_the_managers_other_client(
    client_admin, other_tenant, signed_in
) -> None:
    Client.objects.filter(pk=other_tenant.pk).update(requires_two_factor=True)
    MembershipFactory(client=other_tenant, user=client_admin.user)
    http = signed_in(client_admin)
    http.post(reverse("accounts:switch_client"), {"client": client_admin.client.client_number})

    assert http.get(reverse("portal:dashboard")).status_code == 200
    http.post(reverse("accounts:switch_client"), {"client": other_tenant.client_number})
    assert http.get(reverse("portal:dashboard"))["Location"] == reverse("accounts:totp_enrol")


def test_the_journal_tells_the_access_changes(paid_admin, commandeur, signed_in) -> None:
    http = signed_in(paid_admin)
    http.post(INVITE_URL, {"email": "recrue@example.com", "profile": "VISITEUR"})
    http.post(_url("access_suspend", commandeur), {"version": 1})
    http.post(reverse("accounts:client_options"), TWO_FACTOR_ON)
    from tests.factories import second_factor_verified

    second_factor_verified(http)  # now mandatory for this administrator too

    page = _page(http.get(reverse("portal:journal"), {"type": "acces"}))
    account_page = _page(http.get(reverse("portal:journal"), {"type": "compte"}))

    assert "Gestionnaire invité" in page and "recrue@example.com" in page
    assert "Accès suspendu" in page and commandeur.user.email in page
    assert "Option du compte modifiée" in account_page
    assert "double authentification obligatoire" in account_page


def test_the_account_options_are_set_each_audited_and_shown_on_my_account(
    client_admin, signed_in
) -> None:
    http = signed_in(client_admin)

    response = http.post(
        reverse("accounts:client_options"),
        {
            "requires_order_approval": "on",
            "allows_sunday_use": "on",
            "carry_over_policy": "ON_REQUEST",
        },
    )

    assert response.status_code == 302
    client = Client.objects.get(pk=client_admin.client.pk)
    assert client.requires_order_approval and client.allows_sunday_use
    assert client.carry_over_policy == Client.CarryOver.ON_REQUEST
    options = AuditEvent.objects.filter(action="client.option_changed").values_list(
        "data__option", flat=True
    )
    assert sorted(options) == ["allows_sunday_use", "carry_over_policy", "requires_order_approval"]
    account = _page(http.get(reverse("portal:account")))
    assert "Sur demande du bénéficiaire" in account


def test_a_bad_option_is_told_and_changes_nothing(client_admin, signed_in) -> None:
    response = signed_in(client_admin).post(
        reverse("accounts:client_options"),
        {"requires_order_approval": "on", "carry_over_policy": "JAMAIS"},
    )

    assert response.status_code == 200
    assert "Choisissez comment reporter les soldes." in _page(response)
    assert not Client.objects.get(pk=client_admin.client.pk).requires_order_approval
    assert not AuditEvent.objects.filter(action="client.option_changed").exists()
