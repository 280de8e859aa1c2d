import datetime as dt
import threading
import time

import pytest
from django.db import transaction

from tests.factories import MembershipFactory, UserFactory, actor_for
from titresto.core.audit import SYSTEM_LABEL
from titresto.core.capabilities import Capability, Profile
from titresto.core.states import (
    Move,
    TransitionForbidden,
    TransitionRefused,
    TransitionTable,
    transition,
)
from titresto.core.tests.concurrency import needs_row_locks, run_at_once
from titresto.core.tests.models import Specimen, SpecimenEvent

NOW = dt.datetime(2026, 12, 2, 10, 30, tzinfo=dt.UTC)
Status = Specimen.Status

SPECIMEN_MOVES = TransitionTable(
    [
        Move(Status.DRAFT, "submit", Status.SUBMITTED, capability=Capability.ORDERS_CREATE),
        Move(Status.DRAFT, "cancel", Status.CANCELLED, capability=Capability.ORDERS_CREATE),
        Move(Status.SUBMITTED, "cancel", Status.CANCELLED, capability=Capability.ORDERS_CREATE),
        # The payment provider's webhook: no manager may declare an order paid.
        Move(Status.SUBMITTED, "pay", Status.PAID),
    ],
    history=SpecimenEvent,
    subject="specimen",
    refusals={"cancel": "Cette commande ne peut plus être annulée : elle est « %(status)s »."},
)


@pytest.fixture
def specimen(tenant) -> Specimen:
    return Specimen.objects.create(client=tenant)


@pytest.fixture
def manager(commandeur):
    return actor_for(commandeur)


def test_a_move_saves_the_status_and_writes_who_when_from_to_and_why(specimen, manager) -> None:
    moved = transition(
        specimen, "submit", table=SPECIMEN_MOVES, by=manager, now=NOW, reason="fin du mois"
    )

    assert moved.status == Status.SUBMITTED
    assert Specimen.objects.get(pk=specimen.pk).status == Status.SUBMITTED
    event = SpecimenEvent.objects.get()
    assert (event.specimen, event.client, event.event) == (specimen, specimen.client, "submit")
    assert (event.from_status, event.to_status) == (Status.DRAFT, Status.SUBMITTED)
    assert event.actor_user == manager.user
    assert event.actor_label == manager.user.get_full_name()
    assert (event.reason, event.created_at) == ("fin du mois", NOW)


def test_an_event_not_allowed_from_the_status_is_refused_in_french_and_writes_nothing(
    specimen, manager
) -> None:
    with pytest.raises(TransitionRefused) as refused:
        transition(specimen, "pay", table=SPECIMEN_MOVES, by=SYSTEM_LABEL, now=NOW)

    assert refused.value.status == 409
    assert "le statut est maintenant « Brouillon »" in str(refused.value.user_message)
    assert Specimen.objects.get(pk=specimen.pk).status == Status.DRAFT
    assert not SpecimenEvent.objects.exists()


def test_an_unknown_event_is_refused(specimen, manager) -> None:
    with pytest.raises(TransitionRefused):
        transition(specimen, "ship", table=SPECIMEN_MOVES, by=manager, now=NOW)


def test_an_event_may_say_its_own_refusal(specimen, manager) -> None:
    Specimen.objects.filter(pk=specimen.pk).update(status=Status.PAID)

    with pytest.raises(TransitionRefused, match="ne peut plus être annulée : elle est « Payée »"):
        transition(specimen, "cancel", table=SPECIMEN_MOVES, by=manager, now=NOW)


def test_a_manager_without_the_moves_capability_is_forbidden_and_nothing_is_written(
    specimen, visiteur
) -> None:
    with pytest.raises(TransitionForbidden) as forbidden:
        transition(specimen, "submit", table=SPECIMEN_MOVES, by=actor_for(visiteur), now=NOW)

    assert forbidden.value.status == 403
    assert Specimen.objects.get(pk=specimen.pk).status == Status.DRAFT
    assert not SpecimenEvent.objects.exists()


def test_a_move_without_a_capability_is_closed_to_every_manager_even_an_administrator(
    specimen, tenant
) -> None:
    Specimen.objects.filter(pk=specimen.pk).update(status=Status.SUBMITTED)
    administrator = actor_for(MembershipFactory(client=tenant, profile=Profile.ADMINISTRATEUR))

    with pytest.raises(TransitionForbidden):
        transition(specimen, "pay", table=SPECIMEN_MOVES, by=administrator, now=NOW)

    assert Specimen.objects.get(pk=specimen.pk).status == Status.SUBMITTED


def test_the_system_and_the_issuers_staff_fire_moves_without_capabilities(specimen) -> None:
    Specimen.objects.filter(pk=specimen.pk).update(status=Status.SUBMITTED)
    staff = UserFactory(is_staff=True, first_name="Agnès", last_name="Martin")

    transition(specimen, "pay", table=SPECIMEN_MOVES, by="Fournisseur de paiement", now=NOW)
    Specimen.objects.filter(pk=specimen.pk).update(status=Status.SUBMITTED)
    transition(specimen, "cancel", table=SPECIMEN_MOVES, by=staff, now=NOW)

    labels = list(SpecimenEvent.objects.values_list("actor_label", "actor_user"))
    assert labels == [("Fournisseur de paiement", None), ("Agnès Martin", staff.pk)]


def test_the_fields_a_move_sets_are_saved_with_the_status(specimen) -> None:
    Specimen.objects.filter(pk=specimen.pk).update(status=Status.SUBMITTED)

    transition(
        specimen, "pay", table=SPECIMEN_MOVES, by=SYSTEM_LABEL, now=NOW, changes={"paid_at": NOW}
    )

    assert Specimen.objects.get(pk=specimen.pk).paid_at == NOW


def test_the_second_of_two_stale_copies_is_judged_on_the_status_the_row_has_now(
    specimen, manager
) -> None:
    first_tab, second_tab = (
        Specimen.objects.get(pk=specimen.pk),
        Specimen.objects.get(pk=specimen.pk),
    )
    transition(first_tab, "submit", table=SPECIMEN_MOVES, by=manager, now=NOW)

    with pytest.raises(TransitionRefused, match="En attente de paiement"):
        transition(second_tab, "submit", table=SPECIMEN_MOVES, by=manager, now=NOW)

    assert SpecimenEvent.objects.count() == 1


def test_side_effects_run_after_commit(
    specimen, manager, django_capture_on_commit_callbacks
) -> None:
    sent: list[str] = []

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        transition(
            specimen,
            "submit",
            table=SPECIMEN_MOVES,
            by=manager,
            now=NOW,
            on_commit=[lambda: sent.append("mail")],
        )
        assert sent == []  # not before the commit

    assert (len(callbacks), sent) == (1, ["mail"])


def test_side_effects_of_a_rolled_back_or_refused_move_never_run(
    specimen, manager, django_capture_on_commit_callbacks
) -> None:
    sent: list[str] = []
    effect = [lambda: sent.append("mail")]

    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            transition(
                specimen, "submit", table=SPECIMEN_MOVES, by=manager, now=NOW, on_commit=effect
            )
            raise RuntimeError("the caller's next write failed")
        with pytest.raises(TransitionRefused):
            transition(
                specimen, "pay", table=SPECIMEN_MOVES, by=SYSTEM_LABEL, now=NOW, on_commit=effect
            )

    assert sent == []
    assert Specimen.objects.get(pk=specimen.pk).status == Status.DRAFT
    assert not SpecimenEvent.objects.exists()


def test_the_table_says_what_may_happen_next() -> None:
    assert SPECIMEN_MOVES.events_from(Status.DRAFT) == {"submit", "cancel"}
    assert SPECIMEN_MOVES.events_from(Status.PAID) == frozenset()


def test_an_event_declared_twice_from_one_status_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="declared twice"):
        TransitionTable(
            [Move("A", "go", "B"), Move("A", "go", "C")], history=SpecimenEvent, subject="specimen"
        )


def test_a_plain_mapping_of_statuses_becomes_a_table_whose_events_are_the_targets(
    specimen,
) -> None:
    table = TransitionTable.from_targets(
        {Status.DRAFT: {Status.SUBMITTED}, Status.SUBMITTED: {Status.PAID, Status.CANCELLED}},
        history=SpecimenEvent,
        subject="specimen",
    )

    transition(specimen, Status.SUBMITTED, table=table, by=SYSTEM_LABEL, now=NOW)

    assert table.events_from(Status.SUBMITTED) == {Status.PAID, Status.CANCELLED}
    assert Specimen.objects.get(pk=specimen.pk).status == Status.SUBMITTED


@needs_row_locks
@pytest.mark.django_db(transaction=True)
def test_two_transactions_at_once_move_the_row_once(tenant) -> None:
    """The first holds the row lock; the second waits for it, then finds the row moved."""
    specimen = Specimen.objects.create(client=tenant)
    first_moved = threading.Event()

    def first() -> str:
        with transaction.atomic():
            transition(specimen, "submit", table=SPECIMEN_MOVES, by=SYSTEM_LABEL, now=NOW)
            first_moved.set()
            time.sleep(0.3)  # still holding the lock when the second one asks
        return "moved"

    def second() -> str:
        first_moved.wait()
        transition(specimen, "submit", table=SPECIMEN_MOVES, by=SYSTEM_LABEL, now=NOW)
        return "moved"

    outcomes = run_at_once(first, second)

    assert outcomes[0] == "moved"
    assert isinstance(outcomes[1], TransitionRefused)
    assert SpecimenEvent.objects.count() == 1


def test_a_batch_moves_the_rows_it_applies_to_with_one_history_row_each(tenant) -> None:
    from titresto.core.states import transition_many

    drafts = [Specimen.objects.create(client=tenant) for _ in range(3)]
    submitted = Specimen.objects.create(client=tenant, status=Status.SUBMITTED)
    Specimen.objects.filter(pk=drafts[0].pk).update(status=Status.PAID)

    moved = transition_many(
        Specimen.objects.filter(client=tenant),
        "pay",
        table=SPECIMEN_MOVES,
        by="Prestataire",
        now=NOW,
    )

    assert moved == 1
    assert Specimen.objects.get(pk=submitted.pk).status == Status.PAID
    assert Specimen.objects.get(pk=drafts[1].pk).status == Status.DRAFT
    event = SpecimenEvent.objects.get()
    assert (event.specimen_id, event.from_status, event.to_status, event.actor_label) == (
        submitted.pk,
        Status.SUBMITTED,
        Status.PAID,
        "Prestataire",
    )


def test_a_batch_never_takes_a_managers_move(tenant) -> None:
    from titresto.core.states import transition_many

    with pytest.raises(ValueError, match="capability"):
        transition_many(Specimen.objects.all(), "submit", table=SPECIMEN_MOVES, by="x", now=NOW)
