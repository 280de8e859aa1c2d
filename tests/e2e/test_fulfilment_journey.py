"""After payment, in Chromium: a manager pays an order by card from the dashboard's « À
traiter », the simulated partners take it to « Livrée » at once (Celery is eager in tests), the
tracking page gives the parcel's Colissimo link, and the beneficiary's card page shows the card
active and its load credited — axe-core on every page, the tracking page at 1366 and 390 px."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.test_order_journeys import check_page, sign_in
from tests.factories import actor_for
from titresto.core.money import format_eur
from titresto.fulfilment.models import Load, Parcel
from titresto.orders.tests.payment_helpers import payable

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_paid_order_is_delivered_tracked_and_its_card_loaded(page, commandeur, settings) -> None:
    settings.FULFILMENT_SIMULATOR = True
    order = payable(actor_for(commandeur), count=1)
    person = order.lines.get().beneficiary
    sign_in(page, commandeur)
    check_page(page)

    page.get_by_test_id("to-do").get_by_role(
        "link", name=re.compile(f"Payer la commande {order.number}")
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Commande {order.number}")
    page.get_by_test_id("pay-card").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Payer par carte")
    page.get_by_label("Numéro de carte").fill("4242 4242 4242 4242")
    page.get_by_label("Date d'expiration (MM/AA)").fill("12/30")
    page.get_by_label("Cryptogramme (3 chiffres au dos)").fill("123")
    page.get_by_label("Cryptogramme (3 chiffres au dos)").press("Enter")
    page.wait_for_url(re.compile(r"/commandes/[0-9a-z]{12}/$"))
    expect(page.locator("#messages")).to_contain_text("Paiement accepté")
    check_page(page)

    page.get_by_role("link", name="Suivre la fabrication, les colis et les chargements").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Suivi de la commande {order.number}"
    )
    expect(page.get_by_test_id("status")).to_have_text("Livrée")
    expect(page.get_by_test_id("timeline")).to_contain_text("Livrée")
    parcel = Parcel.objects.get(order=order)
    link = page.get_by_test_id("parcels").get_by_role(
        "link", name=re.compile(f"Suivre le colis {parcel.tracking_number}")
    )
    expect(link).to_have_attribute(
        "href",
        f"https://www.laposte.fr/outils/suivre-vos-envois?code={parcel.tracking_number}",
    )
    expect(page.get_by_test_id("load-counts")).to_contain_text("Crédité : 1")
    check_page(page, phone=True)

    page.goto(f"/beneficiaires/{person.public_id}/")
    check_page(page)
    page.get_by_role("link", name="Carte et chargements").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(person.full_name)
    expect(page.get_by_test_id("card-status")).to_have_text("Active")
    card = person.cards.get()
    expect(page.get_by_test_id("card-number")).to_have_text(
        f"•••• carte se terminant par {card.last_four}"
    )
    expect(page.get_by_test_id("card-expiry")).to_have_text(card.expiry_date.strftime("%d/%m/%Y"))
    load = Load.objects.get(order=order)
    loads = page.get_by_test_id("card-loads")
    expect(loads).to_contain_text(order.number)
    expect(loads).to_contain_text("Crédité")
    expect(page.get_by_test_id("loaded-amount")).to_have_text(format_eur(load.amount_cents))
    check_page(page, phone=True)
