"""The simulated processor keeps the law in what it accepts, and feeds the import path."""

import datetime as dt
from collections import Counter, defaultdict

import holidays
import pytest
from django.db.models import Sum

from tests.factories import BeneficiaryFactory, CardFactory, ClientFactory
from titresto.cards.ledger import ledger_credit
from titresto.cards.models import Card, CardBalance, LedgerEntry
from titresto.statistics.models import CardTransaction, TransactionImport
from titresto.statistics.simulator import simulate_until

LOADED_AT = dt.datetime(2026, 10, 1, 6, 0, tzinfo=dt.UTC)
NOW = dt.datetime(2027, 1, 5, 9, 0, tzinfo=dt.UTC)
FRENCH_HOLIDAYS = holidays.country_holidays("FR", years=[2026, 2027])


def _cards(client, count, **kwargs):
    return [
        CardFactory(beneficiary=BeneficiaryFactory(client=client), **kwargs) for _ in range(count)
    ]


@pytest.fixture
def simulated(db):
    strict, sunday_workers = ClientFactory(), ClientFactory(allows_sunday_use=True)
    cards = [
        *_cards(strict, 25),
        *_cards(sunday_workers, 10),
        *_cards(strict, 2, expiry_date=dt.date(2026, 11, 30)),
        *_cards(strict, 3, status=Card.Status.SHIPPED),
        *_cards(strict, 3, status=Card.Status.BLOCKED),
    ]
    ledger_credit(
        rows=[(card.pk, card.client_id, 19 * 1000, f"load:{card.pk}") for card in cards],
        day=LOADED_AT.date(),
        now=LOADED_AT,
    )
    outcome = simulate_until(today=NOW.date(), now=NOW)
    return strict, sunday_workers, outcome


def test_the_simulator_imports_its_file_like_the_processor(simulated):
    _strict, _sunday, outcome = simulated

    assert outcome.row.source == TransactionImport.Source.SIMULATOR
    assert outcome.row.refused_count == 0 and outcome.row.imported_count > 500
    assert simulate_until(today=NOW.date(), now=NOW) is None  # those days are done


def test_the_simulator_accepts_nothing_the_law_forbids(simulated):
    strict, sunday_workers, _outcome = simulated
    accepted = CardTransaction.objects.filter(outcome="ACCEPTED")
    per_card_day = defaultdict(int)
    for card, day, cents in accepted.values_list("card_id", "day", "amount_cents"):
        per_card_day[(card, day)] += cents

    assert max(per_card_day.values()) <= 2500
    strict_days = set(accepted.filter(client=strict).values_list("day", flat=True))
    assert not {day for day in strict_days if day.weekday() == 6 or day in FRENCH_HOLIDAYS}
    sunday_days = set(accepted.filter(client=sunday_workers).values_list("day", flat=True))
    assert {day for day in sunday_days if day.weekday() == 6 or day in FRENCH_HOLIDAYS}
    live = Card.objects.filter(status="ACTIVE")
    assert not accepted.exclude(card_id__in=live).exists()
    expired = Card.objects.filter(expiry_date=dt.date(2026, 11, 30))
    assert not accepted.filter(card_id__in=expired, day__gt=dt.date(2026, 11, 30)).exists()
    assert not accepted.filter(category="NON_FOOD").exists()


def test_the_simulator_spends_what_cards_hold_and_refuses_a_few_of_each_kind(simulated):
    outcomes = Counter(CardTransaction.objects.values_list("outcome", flat=True))

    assert set(outcomes) == {
        "ACCEPTED",
        "DAILY_CAP",
        "SUNDAY_OR_HOLIDAY",
        "CARD_NOT_ACTIVE",
        "CARD_BLOCKED",
        "INSUFFICIENT_BALANCE",
        "NON_FOOD_MERCHANT",
    }
    assert outcomes["ACCEPTED"] > 5 * (sum(outcomes.values()) - outcomes["ACCEPTED"])
    # Balances: loads − accepted spending, and never below zero (nothing accepted beyond them).
    spent = CardTransaction.objects.filter(outcome="ACCEPTED").aggregate(s=Sum("amount_cents"))
    loaded = LedgerEntry.objects.filter(kind="LOAD").aggregate(s=Sum("amount_cents"))
    held = CardBalance.objects.aggregate(s=Sum("balance_cents"))
    assert held["s"] == loaded["s"] - spent["s"]
    assert not CardBalance.objects.filter(balance_cents__lt=0).exists()


def test_the_shares_of_merchant_categories_are_about_the_expected_ones(simulated):
    accepted = CardTransaction.objects.filter(outcome="ACCEPTED", day__lte=dt.date(2026, 11, 15))
    shares = Counter(accepted.values_list("category", flat=True))
    total = sum(shares.values())

    assert 0.32 < shares["RESTAURANT"] / total < 0.50
    assert 0.25 < shares["SUPERMARKET"] / total < 0.42
