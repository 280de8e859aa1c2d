"""« COMMANDER » in Chromium: a file refused then fixed and paid by card with 3-D Secure, a unit order paid by transfer, and the
three-click monthly reload — axe-core on every page met, at 1366 px, and again at 390 px (no
sideways scroll) for the ordering pages themselves."""

import re
from pathlib import Path

import pytest
from django.utils import timezone, translation
from django.utils.formats import date_format
from playwright.sync_api import expect

from conftest import PASSWORD
from tests.e2e.conftest import check_accessibility
from tests.factories import BeneficiaryFactory, DeliveryPointFactory, actor_for
from titresto.orders.forms import period_choices
from titresto.orders.models import Order
from titresto.orders.services.orders import order_mark_paid, order_submit
from titresto.orders.tests.order_helpers import draft_with
from titresto.orders.tests.orderfile_helpers import csv_bytes, new_person

pytestmark = pytest.mark.django_db(transaction=True)

DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
TRANSFER_REFERENCE = re.compile(r"^TR[0-9A-HJKMNP-TV-Z]{10}$")  # Crockford: no I, L, O, U


def check_page(page, *, phone: bool = False) -> None:
    """axe at 1366 px; with `phone`, again at 390 px, where the page must not scroll sideways."""
    check_accessibility(page)
    if not phone:
        return
    page.set_viewport_size(PHONE)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width} px wide at 390 px"
    check_accessibility(page)
    page.set_viewport_size(DESKTOP)


def sign_in(page, membership) -> None:
    # Without transitions, axe never reads a button's colours halfway through a hover fade (the
    # pointer stays where it clicked, and a narrower layout can bring a link under it).
    page.emulate_media(reduced_motion="reduce")
    page.set_viewport_size(DESKTOP)
    page.goto("/")
    page.get_by_label("Adresse e-mail").fill(membership.user.email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_label("Mot de passe").press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Tableau de bord")


def open_order_menu(page) -> None:
    page.get_by_role("navigation", name="Menu principal").get_by_role(
        "link", name="COMMANDER"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Commander")


def month_label(month) -> str:
    with translation.override("fr"):
        return date_format(month, "F Y")


def client_with_people(membership) -> None:
    """Point SIEGE, three active people on it and one who left."""
    siege = DeliveryPointFactory(client=membership.client, code="SIEGE")
    for matricule, last_name, first_name in [
        ("E001", "Lefèvre", "Élodie"),
        ("E002", "Martin", "Paul"),
        ("E003", "Nguyen", "Anh"),
    ]:
        BeneficiaryFactory(
            client=membership.client,
            matricule=matricule,
            last_name=last_name,
            first_name=first_name,
            delivery_point=siege,
        )
    BeneficiaryFactory(
        client=membership.client,
        matricule="E004",
        last_name="Girard",
        delivery_point=siege,
        status="DEPARTED",
        departure_date=timezone.localdate().replace(day=1),
    )


# --- 1. a file with errors, then fixed -------------------------------------------------------

HUGO = {
    "nom": "Moreau",
    "prenom": "Hugo",
    "email": "hugo.moreau@exemple.fr",
    "nombre_titres": "18",
}
FILE_WITH_ERRORS = [
    new_person("N0001", nombre_titres="40"),
    new_person("N0002", **HUGO, date_naissance="31/02/1990"),
]
FIXED_FILE = [
    new_person("N0001"),
    new_person("N0002", **HUGO, date_naissance="28/02/1990"),
    # Élodie, known as E001, married since: a difference to accept, and a warning to read.
    new_person("E001", nom="Lefèvre-Martin", email="", point_livraison=""),
]


def upload(page, lines: list[dict[str, str]]) -> None:
    expect(page.get_by_role("heading", level=1)).to_have_text("Importer un fichier")
    page.get_by_label(re.compile(r"^Fichier de commande")).set_input_files(
        {"name": "commande.csv", "mimeType": "text/csv", "buffer": csv_bytes(lines)}
    )
    page.get_by_role("button", name="Vérifier le fichier").click()
    page.wait_for_url(re.compile(r"/commandes/imports/[0-9a-z]{12}/$"))


def drop(page, lines: list[dict[str, str]]) -> None:
    """The file dragged from the desktop onto the drop zone, as a manager would."""
    expect(page.get_by_role("heading", level=1)).to_have_text("Importer un fichier")
    transfer = page.evaluate_handle(
        """(text) => {
            const transfer = new DataTransfer();
            transfer.items.add(new File([text], "commande.csv", { type: "text/csv" }));
            return transfer;
        }""",
        csv_bytes(lines).decode("utf-8"),
    )
    page.get_by_test_id("dropzone").dispatch_event("drop", {"dataTransfer": transfer})
    expect(page.get_by_test_id("dropzone")).to_contain_text("commande.csv")
    page.get_by_role("button", name="Vérifier le fichier").click()
    page.wait_for_url(re.compile(r"/commandes/imports/[0-9a-z]{12}/$"))


def refused_file_is_explained(page) -> None:
    expect(page.get_by_test_id("refused")).to_contain_text("2 erreurs à corriger")
    rows = page.get_by_test_id("issues").locator("tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0).locator("td").nth(0)).to_have_text("2")
    expect(rows.nth(0).locator("td").nth(1)).to_have_text("nombre_titres")
    expect(rows.nth(0)).to_contain_text("40")
    expect(rows.nth(1).locator("td").nth(0)).to_have_text("3")
    expect(rows.nth(1).locator("td").nth(1)).to_have_text("date_naissance")
    expect(rows.nth(1)).to_contain_text("31/02/1990")
    with page.expect_download() as report:
        page.get_by_role("link", name="Télécharger le rapport (CSV)").click()
    content = Path(report.value.path()).read_bytes().decode("utf-8-sig")
    assert "nombre_titres" in content and "date_naissance" in content
    check_page(page, phone=True)


def test_a_file_with_errors_is_explained_then_the_fixed_file_is_ordered(page, commandeur) -> None:
    client_with_people(commandeur)
    sign_in(page, commandeur)
    check_page(page)

    open_order_menu(page)
    check_page(page, phone=True)
    page.get_by_role("link", name="Importer un fichier").click()
    check_page(page, phone=True)
    upload(page, FILE_WITH_ERRORS)
    refused_file_is_explained(page)
    assert not Order.objects.exists()

    page.get_by_role("link", name="Déposer le fichier corrigé").click()
    drop(page, FIXED_FILE)
    expect(page.get_by_role("heading", name="Ce que vous allez payer")).to_be_visible()
    expect(page.get_by_text("2 nouveaux bénéficiaires seront créés")).to_be_visible()
    expect(page.get_by_test_id("breakdown")).to_contain_text("58 titres")
    accept = page.get_by_label(re.compile(r"matricule E001 : « Lefèvre » devient"))
    expect(accept).to_be_checked()
    check_page(page, phone=True)
    page.get_by_label("J'ai lu les avertissements et je confirme la commande.").check()
    page.get_by_role("button", name="Confirmer la commande").click()

    page.wait_for_url(re.compile(r"/commandes/[0-9a-z]{12}/$"))
    order = Order.objects.get()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Commande {order.number}")
    expect(page.get_by_test_id("status")).to_have_text("En attente de paiement")
    expect(page.locator("#messages")).to_contain_text(f"{order.number} est enregistrée")
    check_page(page, phone=True)

    # Paid by card on the sandbox's hosted page, with a 3-D Secure challenge.
    page.get_by_test_id("pay-card").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Payer par carte")
    check_page(page, phone=True)
    page.get_by_role("button", name="Payer", exact=True).click()  # empty: the errors are said
    expect(page.get_by_label("Numéro de carte")).to_have_attribute("aria-invalid", "true")
    page.get_by_label("Numéro de carte").fill("4000 0000 0000 3220")
    page.get_by_label("Date d'expiration (MM/AA)").fill("12/30")
    page.get_by_label("Cryptogramme (3 chiffres au dos)").fill("123")
    page.get_by_label("Cryptogramme (3 chiffres au dos)").press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirmez ce paiement")
    check_page(page, phone=True)
    page.get_by_role("button", name="Confirmer le paiement").click()

    page.wait_for_url(re.compile(r"/commandes/[0-9a-z]{12}/$"))
    expect(page.get_by_test_id("status")).to_have_text("Payée")
    expect(page.locator("#messages")).to_contain_text("Paiement accepté")
    check_page(page)


# --- 2. a unit order paid by transfer --------------------------------------------------------


def test_a_unit_order_is_built_and_paid_by_transfer(page, commandeur) -> None:
    client_with_people(commandeur)
    next_month = period_choices(timezone.localdate())[1][1]
    sign_in(page, commandeur)

    open_order_menu(page)
    page.get_by_label(re.compile(r"^Mois des titres")).select_option(label=next_month)
    page.get_by_role("button", name="Commencer une commande unitaire").click()
    page.wait_for_url(re.compile(r"/commandes/[0-9a-z]{12}/brouillon/$"))
    expect(page.get_by_test_id("empty")).to_be_visible()
    check_page(page, phone=True)

    page.get_by_label("Nom, matricule ou e-mail").focus()
    page.keyboard.type("lefevre")  # no accent: the search ignores them
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"\?q=lefevre$"))
    page.get_by_label(re.compile(r"^LEFÈVRE Élodie")).check()
    page.get_by_role("button", name="Ajouter les bénéficiaires cochés").click()
    expect(page.locator("#messages")).to_have_text("1 bénéficiaire ajouté à la commande.")

    page.get_by_role("button", name="Ajouter tous les actifs").click()
    expect(page.locator("#messages")).to_have_text("2 bénéficiaires ajoutés à la commande.")
    expect(page.get_by_test_id("draft-total")).to_contain_text("3 lignes")

    page.get_by_label("Titres pour toutes les lignes").fill("18")
    page.get_by_label("Titres pour toutes les lignes").press("Enter")
    expect(page.locator("#messages")).to_have_text(
        "Le nombre de titres est appliqué à toutes les lignes."
    )
    for label in ["Titres d'Élodie LEFÈVRE", "Titres de Paul MARTIN", "Titres d'Anh NGUYEN"]:
        expect(page.get_by_label(label)).to_have_value("18")
    check_page(page, phone=True)

    page.get_by_role("link", name="Vérifier et valider").click()
    page.wait_for_url(re.compile(r"/commandes/[0-9a-z]{12}/$"))
    expect(page.get_by_test_id("breakdown")).to_contain_text("54 titres")
    check_page(page, phone=True)
    page.get_by_role("button", name="Valider la commande").click()
    expect(page.get_by_test_id("status")).to_have_text("En attente de paiement")
    page.get_by_role("button", name="Payer par virement").click()

    transfer = page.get_by_test_id("transfer")
    expect(transfer).to_be_visible()
    order = Order.objects.get()
    assert TRANSFER_REFERENCE.match(order.transfer_reference)
    expect(transfer.locator("strong")).to_have_text(order.transfer_reference)
    expect(page.get_by_test_id("status")).to_have_text("En attente de virement")
    check_page(page, phone=True)

    page.get_by_role("navigation", name="Fil d’Ariane").get_by_role(
        "link", name="Suivi de mes commandes"
    ).click()
    row = page.get_by_test_id("order-row")
    expect(row).to_have_count(1)
    expect(row).to_contain_text(order.number)
    expect(row).to_contain_text("En attente de virement")
    check_page(page, phone=True)


# --- 3. the three-click monthly reload -------------------------------------------------------


def test_the_monthly_reload_takes_three_clicks_from_the_dashboard(page, commandeur) -> None:
    manager = actor_for(commandeur)
    last = order_submit(
        actor=manager, order=draft_with(manager, count=2, titres=19), now=timezone.now()
    )
    order_mark_paid(order=last, by="Sandbox", method="CARD", now=timezone.now())
    sign_in(page, commandeur)
    check_page(page, phone=True)

    page.get_by_role(
        "button", name=f"Renouveler la commande de {month_label(last.load_period)}"
    ).click()  # click 1
    page.wait_for_url(re.compile(r"/commandes/[0-9a-z]{12}/$"))
    renewed = Order.objects.exclude(pk=last.pk).get()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Commande {renewed.number}")
    expect(page.get_by_test_id("breakdown")).to_contain_text("38 titres")
    check_page(page, phone=True)
    page.get_by_role("button", name="Valider la commande").click()  # click 2
    expect(page.get_by_test_id("status")).to_have_text("En attente de paiement")
    page.get_by_role("button", name="Payer par virement").click()  # click 3
    renewed.refresh_from_db()
    expect(page.get_by_test_id("transfer").locator("strong")).to_have_text(
        renewed.transfer_reference
    )
    check_page(page, phone=True)

    page.get_by_role("link", name=re.compile("Espace Client$")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tableau de bord")
    expect(page.get_by_test_id("renew")).to_have_count(0)
    expect(page.get_by_test_id("order-in-progress")).to_have_text(
        f"Votre commande de {month_label(renewed.load_period)} est en cours : "
        f"{renewed.number} (En attente de virement)."
    )
    check_page(page, phone=True)
