import datetime as dt
import re

import pytest
from django.urls import reverse

from tests.factories import ClientFactory, ContactFactory, MembershipFactory, UserFactory
from titresto.accounts.selectors import ACTIVE_CLIENT_SESSION_KEY
from titresto.core.capabilities import Profile

pytestmark = pytest.mark.django_db

# The same with 1 or 30 people or orders: figures are aggregates, not rows; +1 the order to
# renew, +1 the 5 latest orders, +1 « À traiter » (one query for payments, approvals and
# incidents).
QUERIES = 14  # the card usage panel: 3, and the rules in force for the next expiry


def test_dashboard_shows_the_account_summary_in_french(client_admin, signed_in) -> None:
    tenant = client_admin.client
    contract = tenant.contracts.get()
    ContactFactory(client=tenant, first_name="Inès", last_name="Moreau")

    response = signed_in(client_admin).get(reverse("portal:dashboard"))

    page = response.content.decode()
    assert response.status_code == 200
    assert response["Content-Language"] == "fr"
    assert "Tableau de bord" in page
    assert tenant.client_number in page and contract.contract_number in page
    assert "Inès Moreau" in page
    assert "de 5,00\xa0€ à 15,00\xa0€ (par défaut 10,00\xa0€)" in page
    assert "01/10/2026" in page


def test_first_steps_tick_themselves_as_the_client_progresses(client_admin, signed_in) -> None:
    http = signed_in(client_admin)
    before = http.get(reverse("portal:dashboard")).context["first_steps"]

    client_admin.client.first_order_paid_at = client_admin.created_at
    client_admin.client.save()
    after = http.get(reverse("portal:dashboard")).context["first_steps"]

    paid_step = [step.is_done for step in before if "première commande" in str(step.label)]
    assert paid_step == [False]
    assert [step.is_done for step in after if "première commande" in str(step.label)] == [True]


def test_the_header_names_the_client_and_only_lists_allowed_menu_entries(
    visiteur, signed_in
) -> None:
    response = signed_in(visiteur).get(reverse("portal:dashboard"))

    labels = [str(item["label"]) for item in response.context["navigation"]]
    assert "Tableau de bord" in labels
    assert "Gestion des accès" not in labels
    assert response.context["order_url"] is None


def test_a_group_manager_switches_between_the_clients_they_manage(client_admin, signed_in) -> None:
    sister_company = ClientFactory(legal_name="SONACS Sud")
    MembershipFactory(user=client_admin.user, client=sister_company, profile=Profile.VISITEUR)
    http = signed_in(client_admin)

    response = http.post(
        reverse("accounts:switch_client"), {"client": sister_company.client_number}
    )

    assert response.status_code == 302
    assert http.session[ACTIVE_CLIENT_SESSION_KEY] == sister_company.pk
    page = http.get(reverse("portal:dashboard")).content.decode()
    assert "SONACS Sud" in page and sister_company.client_number in page


def test_switching_to_a_client_one_does_not_manage_changes_nothing(
    client_admin, other_tenant, signed_in
) -> None:
    http = signed_in(client_admin)

    response = http.post(reverse("accounts:switch_client"), {"client": other_tenant.client_number})

    assert response.status_code == 302
    assert ACTIVE_CLIENT_SESSION_KEY not in http.session
    assert other_tenant.legal_name not in http.get(reverse("portal:dashboard")).content.decode()


@pytest.mark.parametrize("persona", ["issuer_agent", "manager_without_access"])
def test_a_signed_in_user_without_any_client_gets_403_on_the_portal(
    persona, request, signed_in
) -> None:
    user = request.getfixturevalue(persona) if persona == "issuer_agent" else UserFactory()

    response = signed_in(user).get(reverse("portal:dashboard"))

    assert response.status_code == 403
    assert "Accès refusé" in response.content.decode()


def test_the_dashboard_cost_does_not_grow_with_the_number_of_clients(
    client_admin, signed_in, django_assert_max_num_queries
) -> None:
    for _ in range(20):
        MembershipFactory(user=client_admin.user)
    http = signed_in(client_admin)

    with django_assert_max_num_queries(QUERIES + 1):
        http.get(reverse("portal:dashboard"))


def test_the_checklist_counts_the_steps_done_in_plain_french(client_admin, signed_in) -> None:
    response = signed_in(client_admin).get(reverse("portal:dashboard"))

    done = response.context["first_steps_done"]
    total = len(response.context["first_steps"])
    assert f"Étapes accomplies : {done} sur {total}" in response.content.decode()


def test_the_dashboard_figures_count_people_and_points_and_link_to_them(
    commandeur, signed_in
) -> None:
    from tests.factories import BeneficiaryFactory, DeliveryPointFactory

    tenant = commandeur.client
    point = DeliveryPointFactory(client=tenant)
    BeneficiaryFactory.create_batch(2, client=tenant, delivery_point=point)
    BeneficiaryFactory(
        client=tenant, delivery_point=point, status="DEPARTED", departure_date=dt.date(2026, 6, 30)
    )

    page = signed_in(commandeur).get(reverse("portal:dashboard")).content.decode()

    assert re.search(r'href="/[^"]*\?statut=ACTIVE" data-testid="figure-active">.*?>2<', page)
    assert re.search(r'\?statut=DEPARTED" data-testid="figure-departed">.*?>1<', page)
    assert re.search(r'data-testid="figure-points">.*?>1<', page)


def test_each_first_step_links_to_where_it_is_done(client_admin, signed_in) -> None:
    steps = signed_in(client_admin).get(reverse("portal:dashboard")).context["first_steps"]

    urls = [step.url for step in steps]
    assert urls[1:3] == [reverse("delivery:list"), reverse("beneficiaries:list")]
    # Ordering has no page yet: its step waits for orders:new instead of a dead link.
    assert steps[3].url_name == "orders:new"


@pytest.mark.parametrize("people", [1, 30])
def test_the_dashboard_query_count_does_not_grow_with_the_account(
    client_admin, signed_in, django_assert_num_queries, people
) -> None:
    from tests.factories import BeneficiaryFactory

    BeneficiaryFactory.create_batch(people, client=client_admin.client)
    http = signed_in(client_admin)
    http.get(reverse("portal:dashboard"))

    with django_assert_num_queries(QUERIES):
        http.get(reverse("portal:dashboard"))
