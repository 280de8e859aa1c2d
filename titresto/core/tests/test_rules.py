"""The date-effective rules table: which row is in force, and the seeded figures themselves."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.management import call_command

from titresto.core.models import RuleSet
from titresto.core.money import basis_points
from titresto.core.rules import NoRulesInForce, rules_at

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("day", "cap_cents"),
    [
        (dt.date(2023, 1, 1), 691),
        (dt.date(2023, 12, 31), 691),
        (dt.date(2024, 1, 1), 718),
        (dt.date(2024, 12, 31), 718),
        (dt.date(2025, 1, 1), 726),
        (dt.date(2025, 12, 31), 726),
        (dt.date(2026, 1, 1), 732),
        (dt.date(2026, 12, 2), 732),
    ],
)
def test_the_cap_changes_on_the_first_of_january(day: dt.date, cap_cents: int) -> None:
    assert rules_at(day).exemption_cap_cents == cap_cents


def test_the_latest_row_stays_in_force_until_a_newer_one_is_added() -> None:
    assert rules_at(dt.date(2027, 6, 30)).valid_from == dt.date(2026, 1, 1)


def test_a_row_added_later_takes_over_from_its_first_day() -> None:
    RuleSet.objects.create(
        **{
            **_row_fields(RuleSet.objects.get(valid_from=dt.date(2026, 1, 1))),
            "valid_from": dt.date(2027, 1, 1),
            "exemption_cap_cents": 740,
        }
    )

    assert rules_at(dt.date(2026, 12, 31)).exemption_cap_cents == 732
    assert rules_at(dt.date(2027, 1, 1)).exemption_cap_cents == 740


def test_a_day_before_every_row_is_a_domain_error_in_french() -> None:
    with pytest.raises(NoRulesInForce) as raised:
        rules_at(dt.date(2022, 12, 31))

    assert raised.value.code == "no_rules_in_force"
    assert "31/12/2022" in str(raised.value.user_message)


def test_an_empty_table_is_a_domain_error() -> None:
    RuleSet.objects.all().delete()

    with pytest.raises(NoRulesInForce):
        rules_at(dt.date(2026, 12, 2))


def test_the_seeded_2026_figures() -> None:
    rules = rules_at(dt.date(2026, 12, 2))

    assert rules.fee_vat_basis_points == 2000
    assert rules.daily_spending_cap_cents == 2500
    assert rules.employer_share_range_basis_points == (5000, 6000)
    # DOMAIN.md: fully exempt face value in 2026 is 12,20 € at 60 %, 14,64 € at 50 %.
    assert rules.fully_exempt_face_value_cents(Decimal("60")) == 1220
    assert rules.fully_exempt_face_value_cents(Decimal("50")) == 1464


def test_groceries_are_allowed_until_the_end_of_2026_only() -> None:
    rules = rules_at(dt.date(2026, 12, 31))

    assert rules.groceries_allowed_on(dt.date(2026, 12, 31))
    assert not rules.groceries_allowed_on(dt.date(2027, 1, 1))
    assert not rules_at(dt.date(2027, 1, 1)).groceries_allowed_on(dt.date(2027, 1, 1))


def test_loads_of_a_year_are_usable_until_the_end_of_february_of_the_next() -> None:
    rules = rules_at(dt.date(2026, 12, 2))

    assert rules.load_usable_until(2026) == dt.date(2027, 2, 28)
    assert rules.load_usable_until(2027) == dt.date(2028, 2, 29)


def test_one_row_per_first_day() -> None:
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        RuleSet.objects.create(**_row_fields(RuleSet.objects.get(valid_from=dt.date(2026, 1, 1))))


@pytest.mark.parametrize(
    ("percent", "points"), [(Decimal("60"), 6000), (Decimal("55.5"), 5550), (Decimal("1.25"), 125)]
)
def test_basis_points_are_exact(percent: Decimal, points: int) -> None:
    assert basis_points(percent) == points


def test_basis_points_refuse_a_third_decimal() -> None:
    with pytest.raises(ValueError):
        basis_points(Decimal("55.555"))


def _row_fields(row: RuleSet) -> dict:
    return {
        field.name: getattr(row, field.name) for field in RuleSet._meta.fields if field.name != "id"
    }


@pytest.mark.django_db(transaction=True)
def test_the_seeded_rules_outlive_a_transactional_tests_flush() -> None:
    """The root conftest writes the seed again after each flush (browser journeys and
    concurrency tests end with one); without it a later test on the worker finds no rules."""
    call_command("flush", interactive=False, verbosity=0)

    assert RuleSet.objects.filter(valid_from=dt.date(2026, 1, 1)).exists()
