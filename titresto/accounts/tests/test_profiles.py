"""Custom profiles: built from the capabilities, renamed, deleted while unused; refusals."""

import pytest
from django.urls import reverse

from tests.factories import MembershipFactory
from titresto.accounts.models import CustomProfile, Membership
from titresto.clients.models import Client
from titresto.core.capabilities import CAPABILITY_HELP, Capability, Profile
from titresto.core.models import AuditEvent

pytestmark = pytest.mark.django_db

LIST_URL = reverse("accounts:profile_list")
NEW_URL = reverse("accounts:profile_new")
PAIE = {"name": "Paie", "capabilities": ["ORDERS_VIEW", "DOCUMENTS_VIEW"]}


def _page(response) -> str:
    return response.content.decode().replace("&#x27;", "'").replace("&quot;", '"')


@pytest.fixture
def paid_admin(client_admin: Membership) -> Membership:
    Client.objects.filter(pk=client_admin.client.pk).update(
        first_order_paid_at=client_admin.client.created_at
    )
    client_admin.client.refresh_from_db()
    return client_admin


def _paie(client: Client) -> CustomProfile:
    return CustomProfile.objects.create(
        client=client,
        name="Paie",
        capabilities=["DASHBOARD_VIEW", "ORDERS_VIEW", "DOCUMENTS_VIEW"],
        created_at=client.created_at,
    )


def test_every_capability_has_a_french_name_and_a_one_line_explanation() -> None:
    assert set(CAPABILITY_HELP) == set(Capability)
    for capability in Capability:
        assert str(capability.label) and "\n" not in str(CAPABILITY_HELP[capability])


def test_the_form_lists_the_delegable_rights_with_their_explanation(paid_admin, signed_in) -> None:
    page = _page(signed_in(paid_admin).get(NEW_URL))

    assert "Suivre les commandes" in page
    assert str(CAPABILITY_HELP[Capability.ORDERS_VIEW]) in page
    assert 'value="ACCESSES_MANAGE"' not in page and 'value="ORDERS_APPROVE"' not in page


def test_an_administrator_builds_a_profile_and_gives_it_to_a_colleague(
    paid_admin, commandeur, signed_in
) -> None:
    http = signed_in(paid_admin)

    response = http.post(NEW_URL, PAIE)

    assert response.status_code == 302
    profile = CustomProfile.objects.get(client=paid_admin.client)
    assert profile.capabilities == ["DASHBOARD_VIEW", "ORDERS_VIEW", "DOCUMENTS_VIEW"]
    assert AuditEvent.objects.get(action="profile.created").data["name"] == "Paie"
    detail = reverse("accounts:access_detail", kwargs={"access_id": commandeur.pk})
    http.post(detail, {"profile": f"custom-{profile.pk}", "version": 1})
    commandeur_http = signed_in(commandeur)
    assert commandeur_http.get(reverse("orders:list")).status_code == 200
    assert commandeur_http.get(reverse("beneficiaries:list")).status_code == 403
    listing = _page(http.get(reverse("accounts:access_list")))
    assert "Paie" in listing


def test_a_profile_change_holds_for_its_holders_from_their_next_request(
    paid_admin, signed_in
) -> None:
    profile = _paie(paid_admin.client)
    holder = MembershipFactory(
        client=paid_admin.client, profile=Profile.PERSONNALISE, custom_profile=profile
    )
    holder_http = signed_in(holder)
    assert holder_http.get(reverse("beneficiaries:list")).status_code == 403

    signed_in(paid_admin).post(
        reverse("accounts:profile_edit", kwargs={"profile_id": profile.pk}),
        {"name": "Paie et RH", "capabilities": ["ORDERS_VIEW", "BENEFICIARIES_VIEW"], "version": 1},
    )

    assert holder_http.get(reverse("beneficiaries:list")).status_code == 200
    assert holder_http.get(reverse("orders:list")).status_code == 200
    profile.refresh_from_db()
    assert (profile.name, profile.version) == ("Paie et RH", 2)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"name": "Vide", "capabilities": []}, "Cochez au moins un droit"),
        ({"name": "Accueil", "capabilities": ["DASHBOARD_VIEW"]}, "Cochez au moins un droit"),
        ({"name": "", "capabilities": ["ORDERS_VIEW"]}, "Donnez un nom au profil"),
        ({"name": "Chef", "capabilities": ["ACCESSES_MANAGE"]}, "Cochez des droits de la liste"),
        ({"name": "Visiteur", "capabilities": ["ORDERS_VIEW"]}, "Un profil s'appelle déjà"),
        ({"name": "PAIE", "capabilities": ["ORDERS_VIEW"]}, "Un profil s'appelle déjà"),
    ],
)
def test_a_bad_profile_is_refused_and_nothing_changes(paid_admin, signed_in, data, expected):
    _paie(paid_admin.client)
    before = (CustomProfile.objects.count(), AuditEvent.objects.count())

    response = signed_in(paid_admin).post(NEW_URL, data)

    assert response.status_code == 200
    assert expected in _page(response)
    assert (CustomProfile.objects.count(), AuditEvent.objects.count()) == before


def test_a_profile_in_use_cannot_be_deleted_an_unused_one_can(paid_admin, signed_in) -> None:
    used, unused = (
        _paie(paid_admin.client),
        CustomProfile.objects.create(
            client=paid_admin.client,
            name="Compta",
            capabilities=["DOCUMENTS_VIEW"],
            created_at=paid_admin.created_at,
        ),
    )
    MembershipFactory(client=paid_admin.client, profile=Profile.PERSONNALISE, custom_profile=used)
    http = signed_in(paid_admin)

    refused = http.post(
        reverse("accounts:profile_delete", kwargs={"profile_id": used.pk}),
        {"version": 1},
        follow=True,
    )
    http.post(reverse("accounts:profile_delete", kwargs={"profile_id": unused.pk}), {"version": 1})

    assert "est attribué à 1 gestionnaire" in _page(refused)
    assert list(CustomProfile.objects.values_list("name", flat=True)) == ["Paie"]
    assert AuditEvent.objects.filter(action="profile.deleted").count() == 1


def test_another_clients_profile_is_a_404_and_cannot_be_given(
    paid_admin, other_client_admin, commandeur, signed_in
) -> None:
    foreign = _paie(other_client_admin.client)
    http = signed_in(paid_admin)

    assert (
        http.get(reverse("accounts:profile_edit", kwargs={"profile_id": foreign.pk})).status_code
        == 404
    )
    response = http.post(
        reverse("accounts:access_detail", kwargs={"access_id": commandeur.pk}),
        {"profile": f"custom-{foreign.pk}", "version": 1},
    )
    assert "Choisissez un profil dans la liste." in _page(response)
    assert Membership.objects.get(pk=commandeur.pk).profile == Profile.COMMANDEUR


def test_a_stored_right_kept_for_administrators_is_never_granted(tenant) -> None:
    forged = CustomProfile.objects.create(
        client=tenant,
        name="Forgé",
        capabilities=["ACCESSES_MANAGE", "ORDERS_VIEW", "GONE"],
        created_at=tenant.created_at,
    )

    assert forged.capability_set == {Capability.ORDERS_VIEW}


def test_the_profiles_page_costs_the_same_queries_whatever_the_profiles(
    paid_admin, signed_in, django_assert_num_queries
) -> None:
    http = signed_in(paid_admin)
    http.get(LIST_URL)
    # session, user, memberships (the actor), the profiles with their holder counts
    with django_assert_num_queries(4):
        http.get(LIST_URL)
    for number in range(20):
        CustomProfile.objects.create(
            client=paid_admin.client,
            name=f"Profil {number}",
            capabilities=["ORDERS_VIEW"],
            created_at=paid_admin.created_at,
        )
    with django_assert_num_queries(4):
        http.get(LIST_URL)


def test_before_the_first_paid_order_profiles_wait_too(client_admin, signed_in) -> None:
    http = signed_in(client_admin)

    assert http.get(NEW_URL)["Location"] == LIST_URL
    assert http.post(NEW_URL, PAIE).status_code == 403
    assert not CustomProfile.objects.exists()
