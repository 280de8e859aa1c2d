"""Numbers typed by people (in an address, a query string, a form), read without ever raising.

Python's `int()` takes « ² » and « ٣ » (`str.isdigit` is true for them), underscores and
surrounding spaces, and refuses more than 4 300 digits with a ValueError; the databases hold
64-bit integers (SQLite raises OverflowError past them). So every number that comes from
outside goes through here, and what is not a number we can store reads as None, never a 500.
"""

from collections.abc import Callable, Iterable
from typing import TypeVar

T = TypeVar("T")

BIGINT_MAX = 2**63 - 1
# A number within BIGINT_MAX has at most this many digits once its leading zeros are gone:
# checking the length first keeps int() away from 5 000-digit strings.
_BIGINT_DIGITS = len(str(BIGINT_MAX))


def parse_natural(text: object) -> int | None:
    """A whole number ≥ 0 written in ASCII digits (spaces around allowed) within 64 bits, else None."""
    if not isinstance(text, str):
        return None
    text = text.strip()
    if not (text.isascii() and text.isdigit()):
        return None
    digits = text.lstrip("0") or "0"
    if len(digits) > _BIGINT_DIGITS:
        return None
    number = int(digits)
    return number if number <= BIGINT_MAX else None


def parse_id(text: object) -> int | None:
    """A row id: a whole number from 1 to the 64-bit maximum, else None."""
    number = parse_natural(text)
    return number if number else None


def parse_page(text: object, *, default: int = 1) -> int:
    """A page number (1 and up); anything else is the default page, not an error."""
    number = parse_natural(text)
    return number if number else default


def parse_selection(values: Iterable[object], *, parse: Callable[[object], T | None]) -> list[T]:
    """The ticked rows of a bulk action: each value parsed, unreadable ones dropped, no repeats,
    in the order given."""
    seen: dict[T, None] = {}
    for value in values:
        parsed = parse(value)
        if parsed is not None:
            seen.setdefault(parsed, None)
    return list(seen)
