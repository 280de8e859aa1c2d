"""Balances are a ledger (loads − accepted spending − expiry), rollups equal the raw data."""

import datetime as dt

import pytest
from django.db.models import Sum
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import BeneficiaryFactory, CardFactory, ClientFactory, DeliveryPointFactory
from titresto.cards.ledger import card_balance_cents, ledger_credit, ledger_expire, ledger_spend
from titresto.cards.models import CardBalance, LedgerEntry
from titresto.statistics.lines import CardInfo, LineChecker, Report
from titresto.statistics.models import (
    CardFirstUse,
    CardTransaction,
    DailyUsage,
    HourlyUsage,
    Outcome,
    TransactionImport,
)
from titresto.statistics.rollups import first_uses, rollup_rows, rollups_rebuild
from titresto.statistics.services import Spending, _check_batch, _record

NOW = dt.datetime(2027, 3, 1, 8, 0, tzinfo=dt.UTC)


@pytest.mark.django_db
def test_spending_takes_the_oldest_titres_first_and_the_rest_expires_after_february() -> None:
    card = CardFactory()
    ledger_credit(
        rows=[(card.pk, card.client_id, 3000, "load:1")], day=dt.date(2025, 12, 1), now=NOW
    )
    ledger_credit(
        rows=[(card.pk, card.client_id, 4000, "load:2")], day=dt.date(2026, 1, 5), now=NOW
    )

    ledger_spend(
        spends={card.pk: (card.client_id, 2000)}, day=dt.date(2026, 1, 10), batch="b1", now=NOW
    )
    # 2025's titres are usable until 28/02/2026: 10 € of them are left, and expire.
    assert card_balance_cents(card_id=card.pk, today=dt.date(2026, 2, 28)) == 5000
    expired = ledger_expire(today=dt.date(2026, 3, 1), now=NOW)

    assert expired == 1000
    assert card_balance_cents(card_id=card.pk, today=dt.date(2026, 3, 1)) == 4000
    assert ledger_expire(today=dt.date(2026, 3, 2), now=NOW) == 0  # once
    entries = LedgerEntry.objects.filter(card=card)
    assert entries.aggregate(total=Sum("amount_cents"))["total"] == 4000
    assert sorted(entries.values_list("kind", "load_year", "amount_cents")) == [
        ("EXPIRY", 2025, -1000),
        ("LOAD", 2025, 3000),
        ("LOAD", 2026, 4000),
        ("SPEND", 2025, -2000),
    ]


@pytest.mark.django_db
def test_spending_after_expiry_comes_from_the_new_year_only() -> None:
    card = CardFactory()
    ledger_credit(
        rows=[(card.pk, card.client_id, 3000, "load:1")], day=dt.date(2025, 6, 1), now=NOW
    )
    ledger_credit(
        rows=[(card.pk, card.client_id, 1000, "load:2")], day=dt.date(2026, 1, 5), now=NOW
    )

    ledger_spend(
        spends={card.pk: (card.client_id, 1500)}, day=dt.date(2026, 3, 2), batch="b", now=NOW
    )

    balances = dict(CardBalance.objects.filter(card=card).values_list("load_year", "balance_cents"))
    # More than the ledger held for 2026: the newest year goes below zero, the sum stays right.
    assert balances == {2025: 3000, 2026: -500}


@pytest.mark.django_db
def test_a_credited_load_is_in_the_ledger(tenant) -> None:

    card = CardFactory(beneficiary=BeneficiaryFactory(client=tenant))
    ledger_credit(rows=[(card.pk, tenant.pk, 1200, "load:7")], day=dt.date(2026, 11, 2), now=NOW)

    assert card_balance_cents(card_id=card.pk, today=dt.date(2026, 11, 2)) == 1200
    row = CardBalance.objects.get(card=card)
    assert row.usable_until == dt.date(2027, 2, 28)


# --- rollups: incremental == rebuilt ----------------------------------------------------------

OUTCOMES = [Outcome.ACCEPTED, Outcome.DAILY_CAP, Outcome.SUNDAY_OR_HOLIDAY]
CATEGORIES = ["RESTAURANT", "SUPERMARKET", "BAKERY"]
lines = st.tuples(
    st.integers(0, 3),  # card
    st.integers(0, 3),  # day
    st.sampled_from([8, 12, 13, 19, 23]),  # hour (local)
    st.integers(1, 2500),
    st.sampled_from(CATEGORIES),
    st.sampled_from(OUTCOMES),
)
batches = st.lists(st.lists(lines, min_size=1, max_size=8), min_size=1, max_size=5)


@pytest.fixture
def cards(db):
    client = ClientFactory()
    point = DeliveryPointFactory(client=client)
    at_point = [
        CardFactory(beneficiary=BeneficiaryFactory(client=client, delivery_point=point))
        for _ in range(2)
    ]
    at_home = [CardFactory(beneficiary=BeneficiaryFactory(client=client)) for _ in range(2)]
    return [*at_point, *at_home]


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(batches=batches)
@pytest.mark.django_db
def test_rollups_kept_by_imports_equal_rollups_rebuilt_from_transactions(cards, batches) -> None:
    LedgerEntry.objects.all().delete()
    CardBalance.objects.all().delete()
    for model in (DailyUsage, HourlyUsage, CardFirstUse, CardTransaction, TransactionImport):
        model.objects.all().delete()  # hypothesis runs every example in the same test
    client_id = cards[0].client_id
    checker = LineChecker(now=NOW, daily_cap_cents=2500)
    checker.cards = {
        card.pk: CardInfo(card.client_id, card.beneficiary.delivery_point_id or 0) for card in cards
    }
    reference = 0
    for number, batch in enumerate(batches):
        source = TransactionImport.objects.create(source="FILE", status="IMPORTED", received_at=NOW)
        rows = []
        for card, day, hour, cents, category, outcome in batch:
            reference += 1
            at = dt.datetime(2026, 11, 16 + day, hour, 5, tzinfo=dt.timezone(dt.timedelta(hours=1)))
            cells = [f"R{reference}", str(cards[card].pk), at.isoformat(), str(cents)]
            rows.append((len(rows) + 2, [*cells, category, outcome, "0"]))
        checked = _check_batch(rows, checker, Report())
        spending = Spending()
        _record(checked, source=source, spending=spending)
        spending.debit(batch=f"{source.pk}:{number}", now=NOW)
    kept_rows, kept_first = rollup_rows(client_id=client_id), first_uses(client_id=client_id)

    rollups_rebuild(client_ids=[client_id])

    assert rollup_rows(client_id=client_id) == kept_rows
    assert first_uses(client_id=client_id) == kept_first
    spent = CardTransaction.objects.filter(outcome="ACCEPTED").aggregate(s=Sum("amount_cents"))
    debited = LedgerEntry.objects.filter(kind="SPEND").aggregate(s=Sum("amount_cents"))
    assert -(debited["s"] or 0) == (spent["s"] or 0)
