import pytest
from django.urls import reverse

from tests.factories import ContactFactory
from titresto.clients.models import Client, Contact
from titresto.core.models import AuditEvent

pytestmark = pytest.mark.django_db

SEED_WORDS = (
    "Pour des raisons de sécurité certaines fonctionnalités ne sont pas disponibles lors de la "
    "première commande."
)
BILLING_URL = reverse("portal:contact_edit", kwargs={"role": "facturation"})
VALID = {
    "first_name": "Paul",
    "last_name": "Durand",
    "email": "Compta@Sonacs.example",
    "phone": "01 23 45 67 89",
    "version": "0",
}


def _paid(client: Client) -> None:
    Client.objects.filter(pk=client.pk).update(first_order_paid_at=client.created_at)


def test_my_account_shows_the_account_contract_and_fees(visiteur, signed_in) -> None:
    tenant = visiteur.client
    contract = tenant.contracts.get()
    ContactFactory(client=tenant, first_name="Inès", last_name="Moreau")

    response = signed_in(visiteur).get(reverse("portal:account"))

    page = response.content.decode()
    assert response.status_code == 200
    assert tenant.client_number in page and contract.contract_number in page
    assert tenant.siret in page and tenant.vat_number in page
    assert "Carte titre-restaurant" in page and "01/10/2026" in page and "Actif" in page
    assert "de 5,00\xa0€ à 15,00\xa0€ (par défaut 10,00\xa0€)" in page
    assert "1,50 %, au moins 5,00\xa0€ par commande" in page
    assert "12,00\xa0€" in page and "3,50\xa0€" in page
    assert "TVA 20 % en sus" in page
    assert "Inès Moreau" in page
    assert "Non renseigné." in page  # billing and delivery contacts are not set yet
    assert BILLING_URL not in page  # a Visiteur reads, never edits


def test_the_menu_leads_to_my_account(visiteur, signed_in) -> None:
    response = signed_in(visiteur).get(reverse("portal:account"))

    current = [item for item in response.context["navigation"] if item["is_current"]]
    assert [str(item["label"]) for item in current] == ["Mon compte"]


def test_my_account_costs_the_same_queries_whatever_the_contacts(
    client_admin, signed_in, django_assert_num_queries
) -> None:
    http = signed_in(client_admin)
    http.get(reverse("portal:account"))  # session and language warmed up
    # session, user, memberships (the actor), contacts, contract, rules in force
    with django_assert_num_queries(6) as without_contacts:
        http.get(reverse("portal:account"))
    for role in Contact.Role:
        ContactFactory(client=client_admin.client, role=role)
    with django_assert_num_queries(len(without_contacts)):
        http.get(reverse("portal:account"))


def test_before_the_first_paid_order_contacts_are_read_only_and_say_why(
    client_admin, signed_in
) -> None:
    http = signed_in(client_admin)

    page = http.get(reverse("portal:account")).content.decode()
    form = http.get(BILLING_URL)

    assert SEED_WORDS in page
    assert BILLING_URL not in page
    assert form.status_code == 302 and form["Location"] == reverse("portal:account")


def test_before_the_first_paid_order_a_forged_post_is_refused(client_admin, signed_in) -> None:
    response = signed_in(client_admin).post(BILLING_URL, VALID)

    assert response.status_code == 403
    assert SEED_WORDS in response.content.decode()
    assert "rien n'a été changé" in response.content.decode().replace("&#x27;", "'")
    assert not Contact.objects.filter(role=Contact.Role.BILLING).exists()
    assert not AuditEvent.objects.filter(action__startswith="contact.").exists()


def test_an_administrator_fills_in_the_billing_contact(client_admin, signed_in) -> None:
    _paid(client_admin.client)
    http = signed_in(client_admin)

    assert BILLING_URL in http.get(reverse("portal:account")).content.decode()
    response = http.post(BILLING_URL, VALID, follow=True)

    contact = Contact.objects.get(client=client_admin.client, role=Contact.Role.BILLING)
    assert (contact.email, contact.version) == ("compta@sonacs.example", 1)
    assert "Contact enregistré : Contact facturation." in response.content.decode()


def test_contact_errors_are_told_in_one_round(client_admin, signed_in) -> None:
    _paid(client_admin.client)

    response = signed_in(client_admin).post(
        BILLING_URL, {**VALID, "first_name": "", "email": "pas-une-adresse", "phone": "12"}
    )

    form = response.context["form"]
    assert response.status_code == 200
    assert set(form.errors) == {"first_name", "email", "phone"}
    assert "prenom.nom@entreprise.fr" in form.errors["email"][0]
    assert not Contact.objects.filter(role=Contact.Role.BILLING).exists()


def test_a_stale_contact_form_is_refused_and_nothing_is_lost(client_admin, signed_in) -> None:
    _paid(client_admin.client)
    main = ContactFactory(client=client_admin.client, first_name="Claire")
    url = reverse("portal:contact_edit", kwargs={"role": "gestionnaire-principal"})
    http = signed_in(client_admin)
    opened = {**VALID, "version": str(main.version)}
    http.post(url, {**opened, "first_name": "Inès"})

    response = http.post(url, {**opened, "first_name": "Paul"})

    assert response.status_code == 200
    assert "modifiée entre-temps" in response.content.decode()
    assert Contact.objects.get(pk=main.pk).first_name == "Inès"


def test_a_commandeur_cannot_edit_contacts(commandeur, signed_in) -> None:
    _paid(commandeur.client)

    response = signed_in(commandeur).post(BILLING_URL, VALID)

    assert response.status_code == 403
    assert not Contact.objects.filter(role=Contact.Role.BILLING).exists()


def test_an_unknown_role_is_not_found(client_admin, signed_in) -> None:
    _paid(client_admin.client)

    assert signed_in(client_admin).get("/mon-compte/contacts/directeur/").status_code == 404
