"""The card processor's refusals (`loads.refused`), what the manager sees of them, the staff's
retry or cancel, and each order's load counts kept equal to its loads through all of it."""

import json

import pytest
from django.contrib.auth.models import Permission
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from tests.factories import UserFactory, actor_for, with_totp
from titresto.cards.models import Card
from titresto.core.signing import sign
from titresto.fulfilment.loads import load_counts_recount, load_retry, loads_credit_due
from titresto.fulfilment.models import Load, LoadCounts, LoadEvent, PartnerEvent
from titresto.fulfilment.services import fulfilment_start
from titresto.fulfilment.states import LOAD_TABLE
from titresto.fulfilment.webhooks import SIGNATURE_HEADER, partner_secret
from titresto.orders.services.orders import order_mark_paid
from titresto.orders.tests.payment_helpers import payable

pytestmark = pytest.mark.django_db
L = Load.Status


def _started(client_admin, count=3):
    admin = actor_for(client_admin)
    order = order_mark_paid(
        order=payable(admin, count=count), by="Sandbox", method="CARD", now=timezone.now()
    )
    fulfilment_start(order_id=order.pk, now=timezone.now())
    return order


def _refuse(http, data, event_id="ref_1"):
    body = json.dumps({"id": event_id, "type": "loads.refused", "data": data}).encode()
    return http.post(
        reverse("fulfilment:partner_webhook", args=["processor"]),
        data=body,
        content_type="application/json",
        headers={SIGNATURE_HEADER: sign(body, partner_secret("PROCESSOR"))},
    )


def _counts(order):
    row = LoadCounts.objects.get(order=order)
    return (row.scheduled, row.credited, row.refused, row.cancelled)


def _recounted(order):
    row = load_counts_recount(order_id=order.pk)
    return (row.scheduled, row.credited, row.refused, row.cancelled)


def test_the_processor_refuses_loads_and_the_manager_sees_them_first(
    client_admin, signed_in, client, django_capture_on_commit_callbacks
):
    order = _started(client_admin, count=3)
    last = Load.objects.filter(order=order).order_by("order_line__position").last()

    with django_capture_on_commit_callbacks(execute=True):
        answer = _refuse(
            client, {"order": order.number, "loads": [last.pk], "reason": "Carte inconnue"}
        )
        replay = _refuse(
            client, {"order": order.number, "loads": [last.pk], "reason": "Carte inconnue"}
        )
        again = _refuse(client, {"order": order.number, "loads": [last.pk]}, event_id="ref_2")

    assert (answer.status_code, replay.json(), again.status_code) == (
        200,
        {"outcome": "replayed"},
        200,
    )
    last.refresh_from_db()
    assert (last.status, last.refusal_reason) == (L.REFUSED, "Carte inconnue")
    assert LoadEvent.objects.get(load=last, event=L.REFUSED).actor_label == "Processeur de cartes"
    assert _counts(order) == (2, 0, 1, 0) == _recounted(order)
    # Told once, to who ordered; « cartes chargées » is not sent while a load is refused.
    assert [message.subject for message in mail.outbox] == [
        f"Commande {order.number} : chargements refusés"
    ]
    page = signed_in(client_admin).get(reverse("fulfilment:tracking", args=[order.public_id]))
    text = page.content.decode()
    assert 'data-testid="refused-alert"' in text
    first_row = text.index("<tbody>")
    assert text.index("Carte inconnue", first_row) < text.index("Chargement programmé", first_row)
    assert "Refusé : 1" in text and "Chargement programmé : 2" in text


def test_no_loads_named_refuses_every_scheduled_one(client_admin, client):
    order = _started(client_admin, count=2)

    assert _refuse(client, {"order": order.number, "reason": "Contrat suspendu"}).status_code == 200

    assert set(Load.objects.filter(order=order).values_list("status", flat=True)) == {L.REFUSED}
    assert _counts(order) == (0, 0, 2, 0)


def test_a_partner_cannot_reach_another_orders_loads(client_admin, other_client_admin, client):
    order = _started(client_admin, count=1)
    other = _started(other_client_admin, count=1)
    others_load = Load.objects.get(order=other)

    mixed = _refuse(client, {"order": order.number, "loads": [others_load.pk], "reason": "x"})
    unknown = _refuse(client, {"order": "CMD-1999-000001", "reason": "x"}, event_id="ref_2")

    assert (mixed.status_code, unknown.status_code) == (400, 404)
    assert not Load.objects.filter(status=L.REFUSED).exists()
    assert _counts(other) == (1, 0, 0, 0) and _counts(order) == (1, 0, 0, 0)
    assert PartnerEvent.objects.filter(applied=False).count() == 2


def test_a_credited_load_cannot_be_refused_and_the_event_is_kept(client_admin, client):
    order = _started(client_admin, count=2)
    Card.objects.filter(order_lines__order=order).update(status=Card.Status.ACTIVE)
    loads_credit_due(now=timezone.now(), order_id=order.pk)
    credited = Load.objects.filter(order=order).first()

    answer = _refuse(client, {"order": order.number, "loads": [credited.pk], "reason": "x"})

    assert answer.status_code == 409
    assert PartnerEvent.objects.get(event_id="ref_1").outcome.startswith("refused")
    assert _counts(order) == (0, 2, 0, 0) == _recounted(order)


def test_staff_retry_a_refused_load_which_is_credited_then(
    client_admin, signed_in, issuer_agent, client, django_capture_on_commit_callbacks
):
    order = _started(client_admin, count=2)
    Card.objects.filter(order_lines__order=order).update(status=Card.Status.ACTIVE)
    refused = Load.objects.filter(order=order).first()
    _refuse(client, {"order": order.number, "loads": [refused.pk], "reason": "Panne"})
    loads_credit_due(now=timezone.now(), order_id=order.pk)
    mail.outbox.clear()
    changelist = reverse("backoffice:fulfilment_load_changelist")

    with django_capture_on_commit_callbacks(execute=True):
        signed_in(issuer_agent).post(
            changelist, {"action": "retry", "_selected_action": [refused.pk]}
        )

    refused.refresh_from_db()
    assert refused.status == L.CREDITED and refused.credited_at is not None
    assert _counts(order) == (0, 2, 0, 0) == _recounted(order)
    assert [message.subject for message in mail.outbox] == [
        f"Commande {order.number} : cartes chargées"
    ]
    history = list(LoadEvent.objects.filter(load=refused).values_list("event", flat=True))
    assert history == [L.REFUSED, L.SCHEDULED, L.CREDITED]


def test_a_load_retried_may_be_refused_again_then_given_up(
    client_admin, signed_in, issuer_agent, client, django_capture_on_commit_callbacks
):
    order = _started(client_admin, count=2)
    Card.objects.filter(order_lines__order=order).update(status=Card.Status.ACTIVE)
    refused = Load.objects.filter(order=order).first()
    _refuse(client, {"order": order.number, "loads": [refused.pk], "reason": "Panne"})
    loads_credit_due(now=timezone.now(), order_id=order.pk)
    Card.objects.filter(loads=refused).update(status=Card.Status.SHIPPED)  # not active: waits
    load_retry(load=refused, by=issuer_agent, now=timezone.now())
    _refuse(client, {"order": order.number, "loads": [refused.pk], "reason": "Encore"}, "ref_2")
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        signed_in(issuer_agent).post(
            reverse("backoffice:fulfilment_load_changelist"),
            {"action": "give_up", "_selected_action": [refused.pk]},
        )

    refused.refresh_from_db()
    assert refused.status == L.CANCELLED
    assert _counts(order) == (0, 1, 0, 1) == _recounted(order)
    # The other load is credited and this one given up: nothing is left to load.
    assert [message.subject for message in mail.outbox] == [
        f"Commande {order.number} : cartes chargées"
    ]


def test_staff_without_the_load_permission_cannot_retry(client_admin, signed_in, client):
    order = _started(client_admin, count=1)
    load = Load.objects.get(order=order)
    _refuse(client, {"order": order.number, "reason": "Panne"})
    viewer = with_totp(UserFactory(is_staff=True))
    viewer.user_permissions.add(Permission.objects.get(codename="view_load"))

    signed_in(viewer).post(
        reverse("backoffice:fulfilment_load_changelist"),
        {"action": "retry", "_selected_action": [load.pk]},
    )

    load.refresh_from_db()
    assert load.status == L.REFUSED and _counts(order) == (0, 0, 1, 0)


def test_the_simulated_processor_refuses_its_test_peoples_loads(
    client_admin, settings, django_capture_on_commit_callbacks
):
    settings.FULFILMENT_SIMULATOR = True
    admin = actor_for(client_admin)
    order = payable(admin, count=2)
    tested = order.lines.order_by("position").first().beneficiary
    type(tested).objects.filter(pk=tested.pk).update(matricule="REFUS-001")

    with django_capture_on_commit_callbacks(execute=True):
        order_mark_paid(order=order, by="Sandbox", method="CARD", now=timezone.now())

    statuses = dict(
        Load.objects.filter(order=order).values_list("order_line__beneficiary_id", "status")
    )
    assert statuses[tested.pk] == L.REFUSED
    assert set(statuses.values()) == {L.REFUSED, L.CREDITED}
    assert _counts(order) == (0, 1, 1, 0) == _recounted(order)


LOAD_MOVES = {
    (L.SCHEDULED, L.CREDITED),
    (L.SCHEDULED, L.REFUSED),
    (L.REFUSED, L.SCHEDULED),
    (L.REFUSED, L.CANCELLED),
}


@pytest.mark.parametrize("source", L.values)
@pytest.mark.parametrize("target", L.values)
def test_every_move_of_the_load_table(source, target):
    assert (LOAD_TABLE.move(source, target) is not None) == ((source, target) in LOAD_MOVES)


def test_a_load_is_credited_once_by_constraint_yet_refused_twice(client_admin):
    from django.db import IntegrityError, transaction

    order = _started(client_admin, count=1)
    load = Load.objects.get(order=order)
    row = {
        "load": load,
        "client_id": load.client_id,
        "from_status": L.SCHEDULED,
        "actor_label": "x",
        "created_at": timezone.now(),
    }
    for _ in range(2):
        LoadEvent.objects.create(event=L.REFUSED, to_status=L.REFUSED, **row)
    LoadEvent.objects.create(event=L.CREDITED, to_status=L.CREDITED, **row)

    with pytest.raises(IntegrityError), transaction.atomic():
        LoadEvent.objects.create(event=L.CREDITED, to_status=L.CREDITED, **row)
