import json

import pytest
from django.core.management import CommandError, call_command
from django.test import Client as HttpClient
from django.urls import reverse

from titresto.accounts.models import ActivationInvitation, Membership, User
from titresto.beneficiaries.models import Beneficiary
from titresto.clients.models import Client, Contact, Contract
from titresto.delivery.models import DeliveryPoint
from titresto.orders.models import Order
from titresto.portal.demo.clients import DEMO_PASSWORD

pytestmark = pytest.mark.django_db
STABLE_MODELS = (Client, Contract, Contact, User, Membership, DeliveryPoint, Beneficiary, Order)


@pytest.fixture(autouse=True)
def _debug(settings) -> None:
    settings.DEBUG = True


def run_json(capsys) -> dict:
    call_command("demo-data", "--json")
    return json.loads(capsys.readouterr().out)


def snapshot() -> dict[str, list]:
    return {model.__name__: list(model.objects.order_by("pk").values()) for model in STABLE_MODELS}


def test_refused_when_debug_is_off(settings) -> None:
    settings.DEBUG = False

    with pytest.raises(CommandError) as refused:
        call_command("demo-data")

    assert "DEBUG" in str(refused.value) and "refusées" in str(refused.value)
    assert not Client.objects.exists()


def test_json_lists_every_demo_client_with_its_number(capsys) -> None:
    result = run_json(capsys)

    names = {entry["name"]: entry["client_number"] for entry in result["clients"]}
    assert set(names) == {"SONACS", "Atelier Dupont", "Boulangerie Martin"}
    for name, number in names.items():
        assert Client.objects.get(legal_name=name).client_number == number
    assert result["activation_url"].startswith("http://127.0.0.1:8000/compte/activer/")


def test_running_twice_changes_nothing_but_the_pending_link(capsys) -> None:
    first = run_json(capsys)
    before = snapshot()

    second = run_json(capsys)

    assert snapshot() == before
    numbers = [(c["name"], c["client_number"]) for c in first["clients"]]
    assert numbers == [(c["name"], c["client_number"]) for c in second["clients"]]
    assert second["activation_url"] != first["activation_url"]
    old_token = first["activation_url"].rstrip("/").rsplit("/", 1)[1]
    old = HttpClient().get(reverse("accounts:activate", kwargs={"token": old_token}))
    assert old.status_code == 410


def test_sonacs_has_its_sites_and_about_forty_beneficiaries_some_departed(capsys) -> None:
    run_json(capsys)

    sonacs = Client.objects.get(legal_name="SONACS")
    codes = set(DeliveryPoint.objects.filter(client=sonacs).values_list("code", flat=True))
    people = Beneficiary.objects.filter(client=sonacs)
    assert {"SIEGE", "ENTREPOT"} <= codes
    assert 35 <= people.count() <= 45
    assert people.filter(status=Beneficiary.Status.DEPARTED).exists()
    assert Beneficiary.objects.filter(client__legal_name="Atelier Dupont").exists()


def test_the_demo_admins_sign_in_with_the_demo_password() -> None:
    call_command("demo-data")

    for email in ("admin@sonacs.example", "admin@atelier-dupont.example", "groupe@sonacs.example"):
        user = User.objects.get(email=email)
        assert user.check_password(DEMO_PASSWORD)
        assert not user.is_staff
    agent = User.objects.get(email="agent@titresto.example")
    assert agent.is_staff and agent.is_superuser and agent.check_password(DEMO_PASSWORD)


def test_sonacs_has_an_active_contract_and_an_active_administrator() -> None:
    call_command("demo-data")

    sonacs = Client.objects.get(legal_name="SONACS")
    assert sonacs.contracts.get().status == Contract.Status.ACTIVE
    assert Membership.objects.get(client=sonacs, user__email="admin@sonacs.example").is_active


def test_the_group_manager_manages_sonacs_and_atelier_dupont() -> None:
    call_command("demo-data")

    clients = set(
        Membership.objects.filter(user__email="groupe@sonacs.example", is_active=True).values_list(
            "client__legal_name", flat=True
        )
    )
    assert clients == {"SONACS", "Atelier Dupont"}


def test_the_printed_link_activates_boulangerie_martin(capsys) -> None:
    result = run_json(capsys)
    martin = Client.objects.get(legal_name="Boulangerie Martin")
    path = result["activation_url"].removeprefix("http://127.0.0.1:8000")
    http = HttpClient()

    response = http.post(
        path,
        {
            "password1": "une phrase de passe solide 2026",
            "password2": "une phrase de passe solide 2026",
            "contract_number": martin.contracts.get().contract_number,
            "client_number": martin.client_number,
        },
        follow=True,
    )

    assert response.redirect_chain[-1][0] == reverse("portal:dashboard")
    assert martin.client_number in response.content.decode()


def test_text_output_prints_logins_and_a_fresh_link(capsys) -> None:
    call_command("demo-data")

    out = capsys.readouterr().out
    assert "admin@sonacs.example / titresto-demo" in out
    assert "agent@titresto.example / titresto-demo" in out
    assert "/compte/activer/" in out
    live = ActivationInvitation.objects.filter(used_at__isnull=True, burned_at__isnull=True)
    # Boulangerie Martin's printed link, and SONACS's pending colleague's (not printed).
    assert live.filter(client__legal_name="Boulangerie Martin").count() == 1
    assert live.count() == 2


def test_the_demo_agent_signs_into_the_backoffice_with_the_code_demo_code_prints(capsys) -> None:
    call_command("demo-data")
    capsys.readouterr()
    http = HttpClient()
    http.post(
        reverse("accounts:login"),
        {"email": "agent@titresto.example", "password": DEMO_PASSWORD, "next": "/backoffice/"},
    )

    call_command("demo-code")
    code = capsys.readouterr().out.split()[0]
    response = http.post(reverse("accounts:login_code"), {"code": code})

    assert response.status_code == 302 and response["Location"] == "/backoffice/"
    assert http.get("/backoffice/").status_code == 200


def test_demo_code_is_refused_when_debug_is_off(settings) -> None:
    call_command("demo-data")
    settings.DEBUG = False

    with pytest.raises(CommandError) as refused:
        call_command("demo-code")

    assert "DEBUG" in str(refused.value)


def test_sonacs_has_orders_in_each_mode_and_several_statuses(capsys) -> None:
    run_json(capsys)

    orders = Order.objects.filter(client__legal_name="SONACS")
    assert {order.status_label for order in orders} == {
        "Livrée",
        "Expédiée",
        "Payée",
        "En attente de virement",
        "En attente de validation",
        "Brouillon",
        "Annulée",
    }
    assert set(orders.values_list("mode", flat=True)) == {"FILE", "UNIT", "DUPLICATION"}
    sonacs = Client.objects.get(legal_name="SONACS")
    assert sonacs.first_order_paid_at is not None
    from titresto.fulfilment.models import Load, Parcel

    parcels = Parcel.objects.filter(client=sonacs)
    assert parcels.filter(carrier="COLISSIMO").exclude(tracking_number="").exists()
    assert set(parcels.values_list("status", flat=True)) >= {"DELIVERED", "INCIDENT"}
    assert Load.objects.filter(client=sonacs, status="CREDITED").exists()
    assert sonacs.contracts.get().face_value_min_cents == 600


def test_the_demo_has_card_usage_since_last_month_once(settings) -> None:
    from titresto.statistics.models import CardTransaction, DailyUsage

    settings.STATISTICS_SIMULATOR = True
    call_command("demo-data")
    count = CardTransaction.objects.count()

    call_command("demo-data")

    assert count > 100 and CardTransaction.objects.count() == count
    assert DailyUsage.objects.filter(outcome="ACCEPTED").exists()


def test_the_service_clients_have_a_faq_and_sonacs_its_requests(capsys) -> None:
    from titresto.support.models import ContactRequest, FaqQuestion

    run_json(capsys)
    run_json(capsys)

    assert 18 <= FaqQuestion.objects.filter(is_published=True).count() <= 25
    assert FaqQuestion.objects.filter(category__is_public=True).exists()
    statuses = ContactRequest.objects.filter(client__legal_name="SONACS").values_list(
        "status", "order_id"
    )
    assert sorted(status for status, _ in statuses) == ["OUVERTE", "RESOLUE"]
    assert all(order_id is not None for _, order_id in statuses)


def test_sonacs_has_an_accountant_a_paie_profile_and_a_pending_invitation() -> None:
    from titresto.accounts.models import CustomProfile, Membership
    from titresto.core.capabilities import Capability, Profile

    call_command("demo-data")
    call_command("demo-data")  # idempotent

    sonacs = Client.objects.get(legal_name="SONACS")
    accesses = {m.user.email: m for m in Membership.objects.filter(client=sonacs)}
    assert accesses["compta@sonacs.example"].profile == Profile.VISITEUR
    paie = CustomProfile.objects.get(client=sonacs)
    assert paie.name == "Paie"
    assert paie.capability_set == {
        Capability.DASHBOARD_VIEW,
        Capability.ORDERS_VIEW,
        Capability.DOCUMENTS_VIEW,
    }
    assert accesses["paie@sonacs.example"].custom_profile == paie
    assert accesses["paie@sonacs.example"].user.check_password("titresto-demo")
    invited = accesses["nouvelle.recrue@sonacs.example"]
    assert invited.status == Membership.Status.INVITED and invited.invitations.count() == 1
