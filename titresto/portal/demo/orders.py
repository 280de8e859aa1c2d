"""SONACS's past orders, one in each mode and in every status up to payment, so that every
order page has something to show. Written through the order services, as a manager would."""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from titresto.accounts.models import Membership
from titresto.beneficiaries.models import Beneficiary
from titresto.clients.models import Client
from titresto.core.actors import Actor
from titresto.core.capabilities import Profile
from titresto.fulfilment.loads import loads_credit_due
from titresto.fulfilment.models import Carrier, Parcel
from titresto.fulfilment.services import (
    fulfilment_start,
    order_cards_in_manufacture,
    parcel_cards_activate,
    parcel_cards_number,
    parcel_hand_over,
    parcel_move,
)
from titresto.orders import states
from titresto.orders.models import Order
from titresto.orders.orderfile.columns import COLUMNS
from titresto.orders.orderfile.dry_run import check_file
from titresto.orders.services.drafts import draft_add, draft_start, order_duplicate
from titresto.orders.services.imports import order_from_report
from titresto.orders.services.orders import (
    order_cancel,
    order_choose_transfer,
    order_mark_paid,
    order_submit,
    order_transition,
)

SANDBOX = "Paiement de démonstration"
PARTNERS = "Partenaires de démonstration"


def _actor(client: Client) -> Actor:
    membership = (
        Membership.objects.filter(client=client, profile=Profile.ADMINISTRATEUR)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    assert membership is not None, "the demo client has its administrator"
    return Actor(
        user=membership.user,
        client=client,
        membership=membership,
        capabilities=membership.capabilities,
    )


def _unit(
    actor: Actor, people: list[str], *, titres: int, period: dt.date, now: dt.datetime
) -> Order:
    order = draft_start(actor=actor, load_period=period, load_date=None, now=now)
    draft_add(actor=actor, order=order, public_ids=people, titres=titres, now=now)
    order.refresh_from_db()
    return order


def _from_file(actor: Actor, client: Client, *, period: dt.date, now: dt.datetime) -> Order:
    """A small order file, as a manager would upload it: ten known people, 19 titres each."""
    matricules = (
        Beneficiary.objects.filter(client=client, status=Beneficiary.Status.ACTIVE)
        .order_by("matricule")
        .values_list("matricule", flat=True)[:10]
    )
    header = list(COLUMNS)
    rows = [";".join(header)]
    for matricule in matricules:
        cells = dict.fromkeys(header, "")
        cells.update({"matricule": matricule, "nombre_titres": "19"})
        rows.append(";".join(cells[name] for name in header))
    checked = check_file(
        client=client,
        data="\r\n".join(rows).encode("utf-8-sig"),
        filename="commande-demo.csv",
        load_date=timezone.localdate(now),
    )
    order = order_from_report(
        client=client,
        checked=checked,
        load_period=period,
        load_date=None,
        accepted_updates=(),
        by=actor,
        now=now,
    )
    return order_submit(actor=actor, order=order, now=now)


def _fulfil(order: Order, *, now: dt.datetime, delivered: bool) -> None:
    """Started here, so that the simulated partners leave these orders as they are: the
    delivered one has its cards active and loaded; the other is shipped by Colissimo, its
    last parcel in incident."""
    fulfilment_start(order_id=order.pk, now=now)
    order_cards_in_manufacture(order=order, by=PARTNERS, now=now)
    parcels = list(Parcel.objects.filter(order=order).order_by("id"))
    for rank, parcel in enumerate(parcels):
        card_ids = parcel.cards.values_list("pk", flat=True)
        parcel_cards_number(
            parcel=parcel, numbers={pk: f"{pk * 7919 % 10_000:04d}" for pk in card_ids}
        )
        parcel = parcel_hand_over(
            parcel=parcel,
            carrier=Carrier.COLISSIMO,
            tracking_number=f"6A{order.pk:04d}{rank:07d}",
            by=PARTNERS,
            now=now,
        )
        if delivered:
            parcel_move(parcel=parcel, status=Parcel.Status.DELIVERED, by=PARTNERS, now=now)
            parcel_cards_activate(parcel=parcel, by=PARTNERS, now=now)
        elif rank == len(parcels) - 1:
            parcel_move(
                parcel=parcel,
                status=Parcel.Status.INCIDENT,
                by=PARTNERS,
                now=now,
                reason="Adresse incomplète",
            )
        else:
            parcel_move(parcel=parcel, status=Parcel.Status.IN_TRANSIT, by=PARTNERS, now=now)


@transaction.atomic
def seed_orders(*, client: Client, now: dt.datetime) -> None:
    """Paid last month (delivered and loaded; shipped with a parcel in incident; by file and
    transfer), a renewal awaiting a transfer, a draft, an order awaiting approval, a cancelled
    order. Idempotent: a client with orders is left as it is."""
    if Order.objects.filter(client=client).exists():
        return
    actor = _actor(client)
    people = list(
        Beneficiary.objects.filter(client=client, status=Beneficiary.Status.ACTIVE)
        .order_by("search_text", "id")
        .values_list("public_id", flat=True)
    )
    this_month = timezone.localdate(now).replace(day=1)
    last_month = (this_month - dt.timedelta(days=1)).replace(day=1)

    # Last month's load, in two orders: the first delivered (cards active and loaded), the
    # second shipped by Colissimo with a parcel in incident; then a file order for people who
    # now hold cards, loaded where their card is active.
    half = len(people) // 2
    paid = order_submit(
        actor=actor,
        order=_unit(actor, people[:half], titres=20, period=last_month, now=now),
        now=now,
    )
    order_mark_paid(order=paid, by=SANDBOX, method=Order.PaymentMethod.CARD, now=now)
    _fulfil(paid, now=now, delivered=True)
    shipped = order_submit(
        actor=actor,
        order=_unit(actor, people[half:], titres=20, period=last_month, now=now),
        now=now,
    )
    order_mark_paid(order=shipped, by=SANDBOX, method=Order.PaymentMethod.CARD, now=now)
    _fulfil(shipped, now=now, delivered=False)

    renewal = order_submit(
        actor=actor, order=order_duplicate(actor=actor, source=paid, now=now), now=now
    )
    order_choose_transfer(actor=actor, order=renewal, now=now)

    from_file = _from_file(actor, client, period=last_month, now=now)
    order_mark_paid(order=from_file, by=SANDBOX, method=Order.PaymentMethod.TRANSFER, now=now)
    fulfilment_start(order_id=from_file.pk, now=now)
    loads_credit_due(now=now, order_id=from_file.pk)

    # Left over from last month: a draft never finished, an order waiting for an
    # administrator's approval. This month's renewal stays the dashboard's order in progress.
    _unit(actor, people[:5], titres=18, period=last_month, now=now)
    order_transition(
        _unit(actor, people[8:12], titres=15, period=last_month, now=now),
        states.SUBMIT_FOR_APPROVAL,
        by=actor,
        now=now,
    )
    cancelled = _unit(actor, people[5:8], titres=10, period=this_month, now=now)
    order_cancel(actor=actor, order=cancelled, now=now, reason="Commande de test")
