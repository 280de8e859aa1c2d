import threading
import time

import pytest
from django.db import IntegrityError, transaction
from django.db.transaction import TransactionManagementError

from titresto.core.models import SequenceCounter
from titresto.core.numbering import (
    NUMBER_ATTEMPTS,
    NumberSequence,
    create_with_unique_number,
    next_number,
)
from titresto.core.tests.concurrency import needs_row_locks, run_at_once
from titresto.core.tests.models import Specimen

ORDER_NUMBERS = NumberSequence(kind="order", prefix="CMD")


def _in_its_own_transaction(kind: str = "order", year: int = 2026) -> int:
    with transaction.atomic():
        return next_number(kind=kind, year=year)


@pytest.mark.django_db
def test_a_sequence_starts_at_one_and_each_transaction_takes_the_next_number() -> None:
    numbers = [_in_its_own_transaction() for _ in range(5)]

    assert numbers == [1, 2, 3, 4, 5]
    assert SequenceCounter.objects.get(kind="order", year=2026).last_number == 5


@pytest.mark.django_db
def test_a_rolled_back_transaction_gives_its_number_back() -> None:
    _in_its_own_transaction()
    with pytest.raises(RuntimeError), transaction.atomic():
        assert next_number(kind="order", year=2026) == 2
        raise RuntimeError("the order could not be stored")

    assert _in_its_own_transaction() == 2


@pytest.mark.django_db
def test_the_first_number_of_a_sequence_rolled_back_is_given_again() -> None:
    with pytest.raises(RuntimeError), transaction.atomic():
        next_number(kind="invoice", year=2026)
        raise RuntimeError("the invoice could not be stored")

    assert _in_its_own_transaction(kind="invoice") == 1


@pytest.mark.django_db
def test_years_and_kinds_are_independent_sequences() -> None:
    _in_its_own_transaction(kind="order", year=2026)
    _in_its_own_transaction(kind="order", year=2026)

    assert _in_its_own_transaction(kind="order", year=2027) == 1
    assert _in_its_own_transaction(kind="invoice", year=2026) == 1
    assert _in_its_own_transaction(kind="order", year=2026) == 3


@pytest.mark.django_db(transaction=True)
def test_a_number_is_refused_outside_a_transaction_so_none_can_be_lost() -> None:
    with pytest.raises(TransactionManagementError):
        next_number(kind="order", year=2026)


@pytest.mark.django_db
def test_a_sequence_writes_its_numbers_with_prefix_year_and_six_digits() -> None:
    with transaction.atomic():
        first = ORDER_NUMBERS.next(year=2026)

    assert first == "CMD-2026-000001"
    assert ORDER_NUMBERS.format(year=2026, number=123) == "CMD-2026-000123"
    assert ORDER_NUMBERS.format(year=2026, number=1_234_567) == "CMD-2026-1234567"


@needs_row_locks
@pytest.mark.django_db(transaction=True)
def test_transactions_at_once_get_distinct_consecutive_numbers() -> None:
    _in_its_own_transaction()  # the counter exists: the others wait on its row lock
    start = threading.Barrier(8)

    def take() -> int:
        start.wait()
        with transaction.atomic():
            number = next_number(kind="order", year=2026)
            time.sleep(0.05)  # holding the lock while the others ask
            return number

    numbers = run_at_once(*[take] * 8)

    assert sorted(numbers) == list(range(2, 10))


@needs_row_locks
@pytest.mark.django_db(transaction=True)
def test_a_counter_created_by_two_transactions_at_once_is_created_once() -> None:
    start = threading.Barrier(2)

    def take() -> int:
        start.wait()
        return _in_its_own_transaction(kind="credit_note")

    assert sorted(run_at_once(take, take)) == [1, 2]
    assert SequenceCounter.objects.filter(kind="credit_note").count() == 1


@pytest.fixture
def make_specimen(tenant):
    def make(number: str) -> Specimen:
        return Specimen.objects.create(client=tenant, number=number)

    return make


def test_a_drawn_number_already_taken_is_drawn_again(make_specimen) -> None:
    make_specimen("11111111")
    draws = iter(["11111111", "22222222"])

    specimen = create_with_unique_number(
        make_specimen, lambda: next(draws), model=Specimen, field="number"
    )

    assert specimen.number == "22222222"


def test_an_integrity_error_of_another_kind_is_not_hidden(tenant) -> None:
    def broken(number: str) -> Specimen:
        raise IntegrityError("NOT NULL constraint failed: core_specimen.client_id")

    with pytest.raises(IntegrityError):
        create_with_unique_number(broken, lambda: "33333333", model=Specimen, field="number")


def test_drawing_gives_up_after_a_bounded_number_of_taken_numbers(make_specimen) -> None:
    make_specimen("11111111")

    with pytest.raises(RuntimeError, match=f"after {NUMBER_ATTEMPTS} draws"):
        create_with_unique_number(make_specimen, lambda: "11111111", model=Specimen, field="number")
