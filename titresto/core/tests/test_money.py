import pytest
from hypothesis import given
from hypothesis import strategies as st

from titresto.core.money import format_eur, parse_eur


@pytest.mark.parametrize(
    ("cents", "expected"),
    [
        (0, "0,00\xa0€"),
        (950, "9,50\xa0€"),
        (123456, "1\xa0234,56\xa0€"),
        (-100000000, "-1\xa0000\xa0000,00\xa0€"),
    ],
)
def test_format_eur_is_french(cents: int, expected: str) -> None:
    assert format_eur(cents) == expected


@pytest.mark.parametrize(
    ("text", "cents"), [("9,50", 950), ("9.50", 950), ("9,5 €", 950), ("12", 1200)]
)
def test_parse_eur_accepts_comma_or_point(text: str, cents: int) -> None:
    assert parse_eur(text) == cents


@pytest.mark.parametrize("text", ["", "abc", "9,505", "1e3x", "NaN"])
def test_parse_eur_refuses_what_is_not_an_amount(text: str) -> None:
    with pytest.raises(ValueError):
        parse_eur(text)


@given(st.integers(min_value=-(10**12), max_value=10**12))
def test_format_then_parse_gives_back_the_amount(cents: int) -> None:
    assert parse_eur(format_eur(cents)) == cents


def test_amounts_read_in_the_readers_language() -> None:
    from django.utils import translation

    from titresto.core.money import format_eur

    with translation.override("en"):
        assert format_eur(123456) == "€1,234.56"
        assert format_eur(-500) == "-€5.00"
    with translation.override("fr"):
        assert format_eur(123456) == "1\xa0234,56\xa0€"
