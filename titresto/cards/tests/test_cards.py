"""Cards as ordering needs them: one live card per person, the decision « card to make »,
the set-based read of live cards, and the life-cycle table."""

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from tests.factories import BeneficiaryFactory, CardFactory
from titresto.cards import selectors
from titresto.cards.models import Card, CardAction, ReplacementReason
from titresto.cards.rules import CardNotYetInHand, LiveCard, card_to_make
from titresto.cards.selectors import live_cards_by_beneficiary
from titresto.cards.states import (
    CARD_MOVES,
    CARD_TABLE,
    OPPOSITION_EVENTS,
    OPPOSITION_REASONS,
    card_can_move,
)
from titresto.core.capabilities import Capability

Status = Card.Status


# --- the database constraint ------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("second_status", Card.LIVE_STATUSES)
def test_a_beneficiary_cannot_hold_two_live_cards(second_status: str) -> None:
    card = CardFactory(status=Status.ACTIVE)

    with pytest.raises(IntegrityError), transaction.atomic():
        CardFactory(beneficiary=card.beneficiary, status=second_status)


@pytest.mark.django_db
@pytest.mark.parametrize("old_status", [Status.BLOCKED, Status.EXPIRED, Status.REPLACED])
def test_cards_no_longer_live_leave_room_for_a_new_one(old_status: str) -> None:
    old = CardFactory(status=old_status)

    new = CardFactory(
        beneficiary=old.beneficiary,
        status=Status.ORDERED,
        replaces=old,
        replacement_reason=ReplacementReason.LOST,
    )

    assert new.replaces == old and old.replaced_by == new


@pytest.mark.django_db
def test_a_replacement_card_keeps_its_reason() -> None:
    old = CardFactory(status=Status.REPLACED)

    with pytest.raises(IntegrityError), transaction.atomic():
        CardFactory(beneficiary=old.beneficiary, status=Status.ORDERED, replaces=old)


def test_the_constraint_and_the_model_agree_on_what_is_live() -> None:
    (constraint,) = [c for c in Card._meta.constraints if c.name.startswith("at_most_one_live")]

    assert set(dict(constraint.condition.children)["status__in"]) == set(Card.LIVE_STATUSES)


def test_the_masked_number_shows_only_the_last_four_digits() -> None:
    assert Card(last_four="4242").masked_number == "•••• •••• •••• 4242"
    assert Card(last_four="").masked_number == ""


# --- card_to_make ----------------------------------------------------------------------------


def _live(status: str) -> LiveCard:
    return LiveCard(id=1, beneficiary_id=1, status=status, last_four="4242")


@pytest.mark.parametrize(
    ("live_card", "reason", "action"),
    [
        (None, "", CardAction.NEW),
        (_live(Status.ACTIVE), "", CardAction.NONE),
        (_live(Status.ORDERED), "", CardAction.NONE),
        (_live(Status.ACTIVE), ReplacementReason.DAMAGED, CardAction.REPLACEMENT),
        (_live(Status.SHIPPED), ReplacementReason.LOST, CardAction.REPLACEMENT),
        # The lost card was put in opposition when declared: nothing live left to replace.
        (None, ReplacementReason.STOLEN, CardAction.REPLACEMENT),
    ],
)
def test_card_to_make(live_card: LiveCard | None, reason: str, action: CardAction) -> None:
    assert card_to_make(live_card, reason) == action


@pytest.mark.parametrize("status", [Status.ORDERED, Status.IN_MANUFACTURE])
def test_a_card_not_yet_received_cannot_be_replaced(status: str) -> None:
    with pytest.raises(CardNotYetInHand) as refused:
        card_to_make(_live(status), ReplacementReason.DAMAGED)

    assert refused.value.code == "card_not_yet_in_hand"
    assert "remplacée" in str(refused.value.user_message)


# --- live_cards_by_beneficiary ------------------------------------------------------------------


@pytest.mark.django_db
def test_live_cards_are_read_in_one_query_for_the_asked_beneficiaries(tenant) -> None:
    active = CardFactory(beneficiary__client=tenant, status=Status.ACTIVE)
    ordered = CardFactory(beneficiary__client=tenant, status=Status.ORDERED)
    blocked = CardFactory(beneficiary__client=tenant, status=Status.BLOCKED)
    not_asked = CardFactory(beneficiary__client=tenant)
    without_card = BeneficiaryFactory(client=tenant)
    asked = [active.beneficiary_id, ordered.beneficiary_id, blocked.beneficiary_id, without_card.pk]

    with CaptureQueriesContext(connection) as queries:
        found = live_cards_by_beneficiary(client=tenant, beneficiary_ids=asked)

    assert len(queries) == 1
    assert found == {
        active.beneficiary_id: LiveCard(
            active.pk, active.beneficiary_id, "ACTIVE", active.last_four
        ),
        ordered.beneficiary_id: LiveCard(
            ordered.pk, ordered.beneficiary_id, "ORDERED", ordered.last_four
        ),
    }
    assert not_asked.beneficiary_id not in found


@pytest.mark.django_db
@pytest.mark.parametrize("in_list_max", [selectors.IN_LIST_MAX, 1])
def test_another_clients_cards_are_never_read(
    tenant, other_tenant, monkeypatch, in_list_max
) -> None:
    # in_list_max=1 takes the path of big files (all the client's live cards, then filtered).
    monkeypatch.setattr(selectors, "IN_LIST_MAX", in_list_max)
    own = CardFactory(beneficiary__client=tenant)
    other = CardFactory(beneficiary__client=other_tenant)

    found = live_cards_by_beneficiary(
        client=tenant, beneficiary_ids=[own.beneficiary_id, other.beneficiary_id]
    )

    assert list(found) == [own.beneficiary_id]


@pytest.mark.django_db
def test_no_beneficiary_asked_costs_no_query(tenant) -> None:
    with CaptureQueriesContext(connection) as queries:
        assert live_cards_by_beneficiary(client=tenant, beneficiary_ids=[]) == {}

    assert len(queries) == 0


# --- the life-cycle table ----------------------------------------------------------------------

ALLOWED = {
    (Status.ORDERED, Status.IN_MANUFACTURE),
    (Status.IN_MANUFACTURE, Status.SHIPPED),
    (Status.SHIPPED, Status.ACTIVE),
    (Status.SHIPPED, Status.BLOCKED),
    (Status.SHIPPED, Status.REPLACED),
    (Status.ACTIVE, Status.BLOCKED),
    (Status.ACTIVE, Status.EXPIRED),
    (Status.ACTIVE, Status.REPLACED),
}


@pytest.mark.parametrize("source", Status.values)
@pytest.mark.parametrize("target", Status.values)
def test_every_move_of_the_table(source: str, target: str) -> None:
    assert card_can_move(source, target) == ((source, target) in ALLOWED)


def test_final_statuses_are_not_live_and_live_ones_can_move() -> None:
    final = set(Status.values) - set(CARD_MOVES)

    assert final == {Status.BLOCKED, Status.EXPIRED, Status.REPLACED}
    assert not final & set(Card.LIVE_STATUSES)


@pytest.mark.parametrize("source", Status.values)
@pytest.mark.parametrize("event", sorted(OPPOSITION_EVENTS.values()))
def test_a_manager_opposes_only_a_card_in_hand_and_needs_the_capability(
    source: str, event: str
) -> None:
    move = CARD_TABLE.move(source, event)

    if source in (Status.SHIPPED, Status.ACTIVE):
        assert move is not None and move.target == Status.BLOCKED
        assert move.capability == Capability.CARDS_OPPOSE
    else:
        assert move is None


def test_the_partners_moves_stay_closed_to_managers() -> None:
    system_moves = [move for move in CARD_TABLE.moves() if move.event not in OPPOSITION_REASONS]

    assert {(move.source, move.target) for move in system_moves} == ALLOWED
    assert all(move.capability is None for move in system_moves)
