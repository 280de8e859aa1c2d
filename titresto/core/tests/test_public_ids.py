import re

from hypothesis import given
from hypothesis import strategies as st

from titresto.core.public_ids import (
    ALPHABET,
    PUBLIC_ID_LENGTH,
    PublicIdConverter,
    new_public_id,
    parse_public_id,
)


def test_a_public_id_is_twelve_unambiguous_lower_case_characters() -> None:
    drawn = {new_public_id() for _ in range(2000)}

    assert len(drawn) == 2000
    assert all(len(public_id) == PUBLIC_ID_LENGTH for public_id in drawn)
    assert set("".join(drawn)) <= set(ALPHABET)
    assert not set("ilou") & set(ALPHABET)


def test_only_well_formed_ids_parse() -> None:
    good = new_public_id()

    assert parse_public_id(good) == good
    for bad in ["", good[:-1], good + "a", good.upper(), "1" * 11 + "i", None, 42, "é" * 12]:
        assert parse_public_id(bad) is None, bad


def test_the_url_converter_matches_exactly_a_public_id() -> None:
    pattern = re.compile(PublicIdConverter.regex)

    assert pattern.fullmatch(new_public_id())
    assert not pattern.fullmatch("123")
    assert not pattern.fullmatch("9" * 5000)


@given(st.text())
def test_any_text_parses_to_itself_or_none(text: str) -> None:
    assert parse_public_id(text) in (None, text)
