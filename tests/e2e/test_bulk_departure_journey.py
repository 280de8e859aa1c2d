"""htmx 4 in earnest: the bulk « départ » posts with the page's CSRF header and updates the list in place."""

import re

import pytest

from conftest import PASSWORD
from tests.e2e.conftest import check_accessibility
from tests.factories import BeneficiaryFactory
from titresto.beneficiaries.models import Beneficiary

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_commandeur_records_two_departures_without_leaving_the_list(page, commandeur) -> None:
    leaving = [
        BeneficiaryFactory(client=commandeur.client, last_name=name, first_name="Jean")
        for name in ("Bernard", "Colin")
    ]
    staying = BeneficiaryFactory(client=commandeur.client, last_name="Dubois", first_name="Anne")
    page.goto("/beneficiaires/")
    page.get_by_label("Adresse e-mail").fill(commandeur.user.email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_label("Mot de passe").press("Enter")
    page.wait_for_url(re.compile(r"/beneficiaires/$"))
    page.evaluate("window.pageNeverReloaded = true")
    save = page.get_by_role("button", name="Enregistrer le départ")
    assert not save.is_visible()  # the bar waits for a ticked box

    page.get_by_role("button", name="Tout cocher").wait_for(state="hidden")
    page.get_by_label(f"Sélectionner {leaving[0]}").check()
    assert page.get_by_text("1 bénéficiaire coché").is_visible()
    page.get_by_role("button", name="Tout cocher").click()
    assert page.get_by_text("3 bénéficiaires cochés").is_visible()
    page.get_by_role("button", name="Tout décocher").click()
    assert not save.is_visible()

    # Refused (no date): the message is in the bar, the ticks stay.
    for person in leaving:
        page.get_by_label(f"Sélectionner {person}").check()
    save.click()
    page.locator("#bulk-feedback").get_by_text("date").wait_for()
    assert page.get_by_label(f"Sélectionner {leaving[1]}").is_checked()
    check_accessibility(page)

    # The typed date survives a refusal too (here: no box ticked any more).
    page.get_by_label(re.compile(r"^Date de départ")).fill("30/06/2026")
    for person in leaving:
        page.get_by_label(f"Sélectionner {person}").uncheck()
    save.click()
    page.locator("#bulk-feedback").get_by_text("Cochez").wait_for()
    assert page.get_by_label(re.compile(r"^Date de départ")).input_value() == "30/06/2026"

    for person in leaving:
        page.get_by_label(f"Sélectionner {person}").check()
    save.click()

    page.get_by_text("Départ enregistré pour 2 bénéficiaires.").wait_for()
    assert page.evaluate("window.pageNeverReloaded") is True
    assert (
        page.get_by_test_id("beneficiary-row").filter(has_text="Parti le 30/06/2026").count() == 2
    )
    statuses = dict(Beneficiary.objects.values_list("pk", "status"))
    assert [statuses[person.pk] for person in leaving] == ["DEPARTED", "DEPARTED"]
    assert statuses[staying.pk] == "ACTIVE"
    check_accessibility(page)

    # On a phone: key columns only, the status in view, nothing wider than the screen.
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    status = page.get_by_test_id("beneficiary-row").first.get_by_text("Parti le 30/06/2026")
    box = status.bounding_box()
    assert box is not None and box["x"] + box["width"] <= 390, box
    check_accessibility(page)


def test_htmx_requests_carry_the_pages_csrf_header_even_without_a_form_token(
    page, commandeur
) -> None:
    """The ARCHITECTURE.md pitfall: htmx 4 inherits <body>'s hx-headers only when written `:inherited`."""
    person = BeneficiaryFactory(client=commandeur.client, last_name="Girard")
    page.goto("/beneficiaires/")
    page.get_by_label("Adresse e-mail").fill(commandeur.user.email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_label("Mot de passe").press("Enter")
    page.wait_for_url(re.compile(r"/beneficiaires/$"))
    page.evaluate("document.querySelector('#bulk-form [name=csrfmiddlewaretoken]').remove()")

    page.get_by_label(f"Sélectionner {person}").check()
    page.get_by_label(re.compile(r"^Date de départ")).fill("30/06/2026")
    page.get_by_role("button", name="Enregistrer le départ").click()

    page.get_by_text("Départ enregistré pour 1 bénéficiaire.").wait_for()
    person.refresh_from_db()
    assert person.status == Beneficiary.Status.DEPARTED
