from hypothesis import given
from hypothesis import strategies as st

from titresto.core.parsing import BIGINT_MAX, parse_id, parse_natural, parse_page, parse_selection


def test_ascii_digits_are_numbers() -> None:
    assert parse_natural("0") == 0
    assert parse_natural("42") == 42
    assert parse_natural(" 42 ") == 42
    assert parse_natural("007") == 7
    assert parse_natural(str(BIGINT_MAX)) == BIGINT_MAX


def test_what_python_would_take_or_choke_on_is_not_a_number() -> None:
    for text in ["", " ", "-1", "+1", "1_000", "1e3", "1.0", "²", "٣", "１２", "0x10", "12a"]:
        assert parse_natural(text) is None, text


def test_past_64_bits_is_not_a_number_however_long() -> None:
    assert parse_natural(str(BIGINT_MAX + 1)) is None
    # int() refuses more than 4 300 digits with a ValueError: this used to be a 500.
    assert parse_natural("9" * 5000) is None
    assert parse_natural("0" * 5000 + "7") == 7


def test_non_text_is_not_a_number() -> None:
    assert parse_natural(None) is None
    assert parse_natural(12) is None
    assert parse_natural(["12"]) is None


def test_an_id_starts_at_one() -> None:
    assert parse_id("0") is None
    assert parse_id("1") == 1


def test_a_page_falls_back_to_the_first() -> None:
    assert parse_page("3") == 3
    assert parse_page("0") == 1
    assert parse_page("9" * 5000) == 1
    assert parse_page(None, default=2) == 2


def test_a_selection_keeps_readable_values_once_in_order() -> None:
    assert parse_selection(["3", "x", "1", "3", "9" * 5000, "2"], parse=parse_id) == [3, 1, 2]
    assert parse_selection([], parse=parse_id) == []


@given(st.text())
def test_any_text_is_a_number_in_range_or_none(text: str) -> None:
    number = parse_natural(text)
    assert number is None or 0 <= number <= BIGINT_MAX
    if number is not None:
        assert int(text.strip()) == number


@given(st.integers(min_value=0, max_value=BIGINT_MAX))
def test_every_number_in_range_reads_back(number: int) -> None:
    assert parse_natural(str(number)) == number


@given(st.integers(min_value=BIGINT_MAX + 1, max_value=10**4000))
def test_every_number_past_range_reads_as_none(number: int) -> None:
    assert parse_natural(str(number)) is None
