"""Orders through their services: drafts built by hand, duplication, submission with or
without four eyes, payment, transfer, and mode « fichier » from upload to confirmation."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone

from tests.factories import BeneficiaryFactory, CardFactory
from titresto.beneficiaries.models import Beneficiary
from titresto.cards.models import CardAction
from titresto.clients.models import Client, Contract
from titresto.core.capabilities import Profile
from titresto.core.states import TransitionRefused
from titresto.orders.models import Order, OrderImport, OrderLine
from titresto.orders.services.drafts import (
    LineChange,
    draft_add,
    draft_line_change,
    draft_start,
    order_duplicate,
)
from titresto.orders.services.imports import import_abandon, import_confirm, import_upload
from titresto.orders.services.orders import (
    OrderInvalid,
    order_approve,
    order_cancel,
    order_choose_transfer,
    order_mark_paid,
    order_reject,
    order_reprice,
    order_submit,
)
from titresto.orders.tests.order_helpers import PERIOD, colleague, draft_with, people, shop
from titresto.orders.tests.orderfile_helpers import csv_bytes, new_person

pytestmark = pytest.mark.django_db
NOW = timezone.now


def test_a_draft_takes_the_contract_defaults_and_makes_cards_only_for_who_has_none():
    admin = shop()
    holder, newcomer = people(admin, 2)
    CardFactory(beneficiary=holder, client=admin.client)
    departed = BeneficiaryFactory(
        client=admin.client, status="DEPARTED", departure_date=dt.date(2026, 6, 30)
    )
    order = draft_start(actor=admin, load_period=PERIOD, load_date=None, now=NOW())

    added = draft_add(actor=admin, order=order, public_ids=None, titres=18, now=NOW())

    assert added == 2  # « tous les actifs »: the departed person is not added
    lines = {line.beneficiary_id: line for line in OrderLine.objects.filter(order=order)}
    assert departed.pk not in lines
    assert lines[holder.pk].card_action == CardAction.NONE
    assert lines[holder.pk].delivery_point_id is None
    assert lines[newcomer.pk].card_action == CardAction.NEW
    assert lines[newcomer.pk].delivery_point_id == newcomer.delivery_point_id
    assert {(line.face_value_cents, line.employer_share) for line in lines.values()} == {
        (1000, Decimal("60.00"))
    }
    order.refresh_from_db()
    assert order.line_count == 2
    assert order.breakdown["face_value_cents"] == 2 * 18 * 1000
    assert order.breakdown["cards"] == 1 and order.breakdown["parcels"] == 1
    # adding them again adds nobody twice
    assert draft_add(actor=admin, order=order, public_ids=None, titres=18, now=NOW()) == 0


def test_a_line_outside_the_contract_is_refused_and_left_as_it_was():
    admin = shop()
    order = draft_with(admin, count=1)
    line = order.lines.get()

    with pytest.raises(OrderInvalid) as refused:
        draft_line_change(
            actor=admin,
            order=order,
            line=line,
            change=LineChange(
                titres=20,
                face_value_cents=1600,
                employer_share=Decimal("60"),
                replacement_reason="",
            ),
            now=NOW(),
        )

    assert "entre 5,00" in str(refused.value.user_message)
    assert refused.value.field == "face_value"
    assert OrderLine.objects.get(pk=line.pk).face_value_cents == 1000


def test_a_replacement_is_asked_with_its_reason_for_a_card_in_hand():
    admin = shop()
    (person,) = people(admin, 1)
    CardFactory(beneficiary=person, client=admin.client)
    order = draft_start(actor=admin, load_period=PERIOD, load_date=None, now=NOW())
    draft_add(actor=admin, order=order, public_ids=[person.public_id], titres=0, now=NOW())

    line = draft_line_change(
        actor=admin,
        order=order,
        line=order.lines.get(),
        change=LineChange(
            titres=0, face_value_cents=1000, employer_share=Decimal("60"), replacement_reason="LOST"
        ),
        now=NOW(),
    )

    assert (line.card_action, line.replacement_reason) == (CardAction.REPLACEMENT, "LOST")
    order.refresh_from_db()
    assert order.breakdown["cards"] == 1


def test_an_empty_draft_cannot_be_submitted():
    admin = shop()
    order = draft_start(actor=admin, load_period=PERIOD, load_date=None, now=NOW())

    with pytest.raises(OrderInvalid, match="vide"):
        order_submit(actor=admin, order=order, now=NOW())
    assert Order.objects.get(pk=order.pk).status == Order.Status.DRAFT


def test_four_eyes_a_commandeurs_order_waits_for_an_administrator(
    django_capture_on_commit_callbacks,
):
    admin = shop(requires_order_approval=True)
    preparer = colleague(admin)
    order = draft_with(preparer, count=1)

    with django_capture_on_commit_callbacks(execute=True):
        order = order_submit(actor=preparer, order=order, now=NOW())

    assert order.status == Order.Status.AWAITING_APPROVAL
    (message,) = mail.outbox
    assert message.to == [admin.user.email]
    assert order.number in message.subject and order.public_id in message.body

    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(OrderInvalid, match="motif"):
            order_reject(actor=admin, order=order, reason="  ", now=NOW())
        order = order_reject(actor=admin, order=order, reason="Mauvais mois", now=NOW())
    assert order.status == Order.Status.DRAFT
    assert mail.outbox[-1].to == [preparer.user.email]
    assert "Mauvais mois" in mail.outbox[-1].body

    order = order_submit(actor=preparer, order=order, now=NOW())
    assert order_approve(actor=admin, order=order, now=NOW()).status == "AWAITING_PAYMENT"


def test_an_administrators_own_order_needs_no_approval():
    admin = shop(requires_order_approval=True)
    order = draft_with(admin, count=1)

    assert order_submit(actor=admin, order=order, now=NOW()).status == "AWAITING_PAYMENT"


def test_payment_marks_the_first_paid_order_once_and_is_never_taken_twice():
    admin = shop()
    first, second = draft_with(admin, count=1), draft_with(admin, count=1)
    for order in (first, second):
        order_submit(actor=admin, order=order, now=NOW())
    paid_at = NOW()

    order_mark_paid(order=first, by="Sandbox", method="CARD", now=paid_at)
    order_mark_paid(order=second, by="Sandbox", method="CARD", now=paid_at + dt.timedelta(days=1))

    assert Client.objects.get(pk=admin.client.pk).first_order_paid_at == paid_at
    with pytest.raises(TransitionRefused, match="ne peut pas être payée"):
        order_mark_paid(order=first, by="Sandbox", method="CARD", now=NOW())
    with pytest.raises(TransitionRefused, match="ne peut plus être annulée"):
        order_cancel(actor=admin, order=first, now=NOW())
    assert first.events.filter(event="pay").count() == 1


def test_a_transfer_reference_is_given_once_and_kept():
    admin = shop()
    order = order_submit(actor=admin, order=draft_with(admin, count=1), now=NOW())

    reference = order_choose_transfer(actor=admin, order=order, now=NOW()).transfer_reference
    again = order_choose_transfer(actor=admin, order=order, now=NOW())

    assert reference and reference.startswith("TR") and len(reference) == 12
    assert again.transfer_reference == reference
    assert again.status_label == "En attente de virement"


def test_a_past_order_keeps_its_terms_when_the_contract_changes():
    admin = shop()
    order = draft_with(admin, count=1, titres=10)
    total = order.total_cents
    Contract.objects.filter(client=admin.client).update(commission_min_cents=99_900)

    assert order_reprice(order, now=NOW()).total_cents == total


def test_duplicating_leaves_departed_people_out_follows_the_contract_and_remakes_no_card():
    admin = shop()
    source = draft_with(admin, count=3, titres=19)
    stayer, leaver, holder = (line.beneficiary for line in source.lines.order_by("position"))
    order_mark_paid(
        order=order_submit(actor=admin, order=source, now=NOW()),
        by="Sandbox",
        method="CARD",
        now=NOW(),
    )
    Beneficiary.objects.filter(pk=leaver.pk).update(
        status="DEPARTED", departure_date=dt.date(2026, 11, 30)
    )
    CardFactory(beneficiary=holder, client=admin.client)
    Contract.objects.filter(client=admin.client).update(face_value_default_cents=1100)

    copy = order_duplicate(actor=admin, source=source, now=NOW())

    lines = {line.beneficiary_id: line for line in copy.lines.all()}
    assert set(lines) == {stayer.pk, holder.pk}
    assert {line.titres for line in lines.values()} == {19}
    assert {line.face_value_cents for line in lines.values()} == {1100}
    assert lines[holder.pk].card_action == CardAction.NONE
    assert copy.mode == "DUPLICATION" and copy.duplicated_from == source
    assert copy.load_period == dt.date(2027, 1, 1)
    kinds = sorted(note["kind"] for note in copy.duplication_notes)
    assert kinds == ["departed", "face_value", "face_value"]


def _upload(actor, lines, **fields):
    return import_upload(
        actor=actor,
        filename="commande.csv",
        data=csv_bytes(lines),
        load_period=PERIOD,
        load_date=None,
        now=NOW(),
        **fields,
    )


@pytest.fixture
def file_shop():
    admin = shop()
    people(admin, 0)
    from tests.factories import DeliveryPointFactory

    DeliveryPointFactory(client=admin.client, code="SIEGE")
    return admin


def test_a_small_file_is_validated_at_once_and_its_review_is_kept(file_shop):
    order_import = _upload(file_shop, [new_person(), new_person("N0002")])

    assert order_import.status == OrderImport.Status.VALID
    assert order_import.review["new_people"] == 2
    assert order_import.review["breakdown"]["cards"] == 2
    assert order_import.review["parcels"] == [{"destination": "SIEGE", "cards": 2, "parcels": 1}]
    assert not Beneficiary.objects.filter(client=file_shop.client).exists()


def test_a_refused_file_keeps_its_issues_and_nothing_else(file_shop):
    order_import = _upload(file_shop, [new_person(nombre_titres="40")])

    assert order_import.status == OrderImport.Status.REFUSED
    (issue,) = order_import.issues.all()
    assert (issue.line, issue.column, issue.code) == (2, "nombre_titres", "titres_range")
    with pytest.raises(OrderInvalid, match="statut"):
        import_confirm(
            actor=file_shop,
            order_import=order_import,
            accepted_updates=(),
            acknowledged=True,
            now=NOW(),
        )
    assert not Order.objects.exists()


def test_confirming_twice_gives_one_order(file_shop):
    order_import = _upload(file_shop, [new_person()])

    first = import_confirm(
        actor=file_shop,
        order_import=order_import,
        accepted_updates=(),
        acknowledged=False,
        now=NOW(),
    )
    second = import_confirm(
        actor=file_shop,
        order_import=order_import,
        accepted_updates=(),
        acknowledged=False,
        now=NOW(),
    )

    assert first == second and Order.objects.count() == 1
    assert first.status == Order.Status.AWAITING_PAYMENT
    assert Beneficiary.objects.filter(client=file_shop.client, matricule="N0001").count() == 1


def test_confirming_checks_the_file_again_against_todays_beneficiaries(file_shop):
    known = BeneficiaryFactory(client=file_shop.client, matricule="E001")
    order_import = _upload(file_shop, [new_person("E001", nom="Lefèvre", prenom="Élodie")])
    assert order_import.status == OrderImport.Status.VALID
    Beneficiary.objects.filter(pk=known.pk).update(
        status="DEPARTED", departure_date=dt.date(2026, 11, 30)
    )

    with pytest.raises(OrderInvalid, match="plus valide"):
        import_confirm(
            actor=file_shop,
            order_import=order_import,
            accepted_updates=(),
            acknowledged=True,
            now=NOW(),
        )

    order_import.refresh_from_db()
    assert order_import.status == OrderImport.Status.REFUSED
    assert order_import.issues.filter(line=2, severity="ERROR").exists()
    assert not Order.objects.exists()


def test_warnings_must_be_acknowledged_and_only_accepted_differences_apply(file_shop):
    known = BeneficiaryFactory(client=file_shop.client, matricule="E001", last_name="Lefèvre")
    order_import = _upload(file_shop, [new_person("E001", nom="Lefebvre", prenom="Élodie")])
    assert order_import.warning_count == 1 and order_import.review["updates_count"] == 1

    with pytest.raises(OrderInvalid) as refused:
        import_confirm(
            actor=file_shop,
            order_import=order_import,
            accepted_updates=(),
            acknowledged=False,
            now=NOW(),
        )
    assert refused.value.field == "acknowledged"

    import_confirm(
        actor=file_shop,
        order_import=order_import,
        accepted_updates=(),
        acknowledged=True,
        now=NOW(),
    )
    assert Beneficiary.objects.get(pk=known.pk).last_name == "Lefèvre"


def test_an_abandoned_import_cannot_be_confirmed(file_shop):
    order_import = _upload(file_shop, [new_person()])
    import_abandon(actor=file_shop, order_import=order_import, now=NOW())

    with pytest.raises(OrderInvalid):
        import_confirm(
            actor=file_shop,
            order_import=order_import,
            accepted_updates=(),
            acknowledged=True,
            now=NOW(),
        )
    assert not Order.objects.exists()


def test_a_visiteur_cannot_submit():
    admin = shop()
    order = draft_with(admin, count=1)
    from titresto.core.states import TransitionForbidden

    with pytest.raises(TransitionForbidden):
        order_submit(actor=colleague(admin, Profile.VISITEUR), order=order, now=NOW())
    assert Order.objects.get(pk=order.pk).status == Order.Status.DRAFT


@pytest.mark.parametrize("homes_by_id_max", [2000, 0])
def test_a_confirmed_files_lines_say_who_gets_what_and_where(
    file_shop, monkeypatch, homes_by_id_max
):
    from decimal import Decimal

    from tests.factories import BeneficiaryFactory
    from titresto.orders.services import imports

    monkeypatch.setattr(imports, "HOMES_BY_ID_MAX", homes_by_id_max)  # 0: read by client
    monkeypatch.setattr(imports, "ANALYZE_LINES_MIN", homes_by_id_max)  # 0: on PostgreSQL
    known = BeneficiaryFactory(
        client=file_shop.client,
        matricule="K0001",
        delivery_point=None,
        home_address_line1="9 rue Haute",
        home_postcode="75011",
        home_city="PARIS",
    )
    BeneficiaryFactory(  # home-delivered too, not in the file
        client=file_shop.client,
        delivery_point=None,
        home_address_line1="1 place Basse",
        home_postcode="33000",
        home_city="BORDEAUX",
    )
    lines = [
        new_person("N0001", nombre_titres="18"),
        new_person(
            "N0002",
            point_livraison="",
            adresse_1="3 rue Basse",
            code_postal="69003",
            ville="LYON",
            part_patronale="55",
        ),
        {"matricule": "K0001", "nombre_titres": "12"},
    ]
    order_import = _upload(file_shop, lines)
    assert order_import.status == OrderImport.Status.VALID, list(order_import.issues.all())

    order = import_confirm(
        actor=file_shop,
        order_import=order_import,
        accepted_updates=(),
        acknowledged=True,
        now=NOW(),
    )

    siege = file_shop.client.delivery_points.get(code="SIEGE")
    got = [
        (
            line.position,
            line.beneficiary.matricule,
            line.titres,
            line.face_value_cents,
            line.employer_share,
            line.card_action,
            line.replacement_reason,
            line.delivery_point_id,
            (line.home_address_line1, line.home_address_line2, line.home_postcode),
            line.home_city,
        )
        for line in order.lines.order_by("position").select_related("beneficiary")
    ]
    assert got == [
        (2, "N0001", 18, 1000, Decimal("60.00"), "NEW", "", siege.pk, ("", "", ""), ""),
        (
            3,
            "N0002",
            20,
            1000,
            Decimal("55.00"),
            "NEW",
            "",
            None,
            ("3 rue Basse", "", "69003"),
            "LYON",
        ),
        (
            4,
            "K0001",
            12,
            1000,
            Decimal("60.00"),
            "NEW",
            "",
            None,
            ("9 rue Haute", "", "75011"),
            "PARIS",
        ),
    ]
    assert order.lines.get(position=4).beneficiary_id == known.pk
    assert order.line_count == 3
