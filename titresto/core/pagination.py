"""Pages of a list: 50 rows, the total, and where the page stands (the lists' « Page 2 sur 9 »)."""

from dataclasses import dataclass
from typing import Any

PAGE_SIZE = 50


@dataclass(frozen=True)
class Page:
    rows: list[Any]
    total: int
    number: int
    page_count: int

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.page_count

    @property
    def first_index(self) -> int:
        return (self.number - 1) * PAGE_SIZE + 1 if self.rows else 0

    @property
    def last_index(self) -> int:
        return (self.number - 1) * PAGE_SIZE + len(self.rows)


def page_bounds(*, total: int, number: int) -> tuple[int, int, int]:
    """The page actually shown (a number past the end shows the last), the page count, and
    the offset of its first row."""
    page_count = max(1, -(-total // PAGE_SIZE))
    number = min(max(1, number), page_count)
    return number, page_count, (number - 1) * PAGE_SIZE
