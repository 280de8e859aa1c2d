"""The back-office on orders: « Enregistrer un virement reçu » (the exact amount pays the order;
anything else is refused with its reason and changes nothing; only staff holding
`orders.record_transfer` may), and parcels moved by staff along their life cycle."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

from tests.factories import UserFactory, actor_for, with_totp
from titresto.core.money import format_eur
from titresto.fulfilment.models import Parcel
from titresto.orders.models import Order
from titresto.orders.services.orders import order_choose_transfer
from titresto.orders.tests.payment_helpers import payable

pytestmark = pytest.mark.django_db
URL = reverse("backoffice:orders_order_transfer")


@pytest.fixture
def awaiting(tenant, client_admin) -> Order:
    admin = actor_for(client_admin)
    return order_choose_transfer(actor=admin, order=payable(admin), now=timezone.now())


def _euros(cents: int) -> str:
    return format_eur(cents).replace("\u202f", "").replace("\xa0", "").rstrip("€")


def _record(http, order, cents):
    return http.post(
        URL,
        {
            "reference": order.transfer_reference,
            "amount": _euros(cents),
            "received_on": "02/12/2026",
        },
        follow=True,
    )


def test_the_exact_amount_pays_the_order(signed_in, issuer_agent, awaiting) -> None:
    http = signed_in(issuer_agent)
    assert (
        "Enregistrer un virement reçu"
        in http.get(reverse("backoffice:orders_order_changelist")).content.decode()
    )

    page = _record(http, awaiting, awaiting.total_cents).content.decode()

    awaiting.refresh_from_db()
    assert awaiting.status == Order.Status.PAID and awaiting.payment_method == "TRANSFER"
    assert f"la commande {awaiting.number} est payée" in page


def test_a_partial_amount_is_refused_with_its_reason(signed_in, issuer_agent, awaiting) -> None:
    page = _record(signed_in(issuer_agent), awaiting, awaiting.total_cents - 1000).content.decode()

    awaiting.refresh_from_db()
    assert awaiting.status == Order.Status.AWAITING_PAYMENT
    assert "inférieur de 10,00" in page and "a été enregistré" in page


def test_staff_without_the_permission_cannot_record(signed_in, awaiting) -> None:
    viewer = with_totp(UserFactory(is_staff=True))
    viewer.user_permissions.add(Permission.objects.get(codename="view_order"))
    http = signed_in(viewer)

    assert http.get(reverse("backoffice:orders_order_changelist")).status_code == 200
    assert http.get(URL).status_code == 403
    assert _record(http, awaiting, awaiting.total_cents).status_code == 403
    awaiting.refresh_from_db()
    assert awaiting.status == Order.Status.AWAITING_PAYMENT


def test_staff_mark_a_parcel_delivered_only_along_its_life_cycle(
    signed_in, issuer_agent, tenant, client_admin
) -> None:
    from titresto.fulfilment.models import Parcel
    from titresto.fulfilment.services import fulfilment_start, parcel_hand_over
    from titresto.orders.services.orders import order_mark_paid

    admin = actor_for(client_admin)
    order = order_mark_paid(order=payable(admin), by="Sandbox", method="CARD", now=timezone.now())
    fulfilment_start(order_id=order.pk, now=timezone.now())
    parcel = Parcel.objects.get(order=order)
    http = signed_in(issuer_agent)
    changelist = reverse("backoffice:fulfilment_parcel_changelist")
    act = {"action": "mark_delivered", "_selected_action": [parcel.pk]}

    early = http.post(changelist, act, follow=True).content.decode()
    parcel.refresh_from_db()
    assert (
        parcel.status == Parcel.Status.PREPARED and "ne peut" in early
    ) or "plus possible" in early

    parcel_hand_over(
        parcel=parcel, carrier="COLISSIMO", tracking_number="6A1", by="x", now=timezone.now()
    )
    http.post(changelist, act)
    parcel.refresh_from_db()
    order.refresh_from_db()
    assert parcel.status == Parcel.Status.DELIVERED and order.status == Order.Status.DELIVERED
    assert parcel.events.last().actor_user == issuer_agent


def _started(client_admin):
    from titresto.fulfilment.models import Parcel
    from titresto.fulfilment.services import fulfilment_start
    from titresto.orders.services.orders import order_mark_paid

    admin = actor_for(client_admin)
    order = order_mark_paid(order=payable(admin), by="Sandbox", method="CARD", now=timezone.now())
    fulfilment_start(order_id=order.pk, now=timezone.now())
    return order, Parcel.objects.get(order=order)


def test_the_carrier_file_is_checked_whole_then_applied_at_once(
    signed_in, issuer_agent, client_admin
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    order, parcel = _started(client_admin)
    http = signed_in(issuer_agent)
    http.post(
        reverse("backoffice:orders_order_changelist"),
        {"action": "cards_in_manufacture", "_selected_action": [order.pk]},
    )
    url = reverse("backoffice:fulfilment_parcel_carrier_file")

    def send(text: str):
        upload = SimpleUploadedFile("suivi.csv", text.encode("utf-8"))
        return http.post(url, {"file": upload}, follow=True)

    bad = send(
        "reference_colis;transporteur;numero_suivi\n"
        f"{parcel.public_id};COLISSIMO;6A42\n"
        "inconnu00000;LAPOSTE;\n"
    ).content.decode()
    parcel.refresh_from_db()
    assert parcel.status == Parcel.Status.PREPARED  # nothing applied
    assert "Colis inconnu" in bad and "Transporteur inconnu" in bad and "vide ou trop long" in bad

    send(f"reference_colis;transporteur;numero_suivi\n{parcel.public_id};colissimo;6A42\n")
    parcel.refresh_from_db()
    order.refresh_from_db()
    assert (parcel.status, parcel.carrier, parcel.tracking_number) == (
        Parcel.Status.HANDED_OVER,
        "COLISSIMO",
        "6A42",
    )
    assert order.status == Order.Status.SHIPPED
    assert (
        "déjà"
        in send(
            f"reference_colis;transporteur;numero_suivi\n{parcel.public_id};COLISSIMO;6A43\n"
        ).content.decode()
    )


def test_staff_without_the_parcel_permission_cannot_import_or_act(signed_in, client_admin) -> None:
    _order, parcel = _started(client_admin)
    viewer = with_totp(UserFactory(is_staff=True))
    viewer.user_permissions.add(Permission.objects.get(codename="view_parcel"))
    http = signed_in(viewer)

    assert http.get(reverse("backoffice:fulfilment_parcel_carrier_file")).status_code == 403
    http.post(
        reverse("backoffice:fulfilment_parcel_changelist"),
        {"action": "mark_incident", "_selected_action": [parcel.pk]},
    )
    parcel.refresh_from_db()
    assert parcel.status == "PREPARED"
