"""Numbers given to rows: random unique draws, and gapless sequences.

- A **random draw** (client and contract numbers) is not guessable: a client number is one of
  the two proofs asked at activation. A collision draws again.
- A **gapless sequence** (order and invoice numbers, « sequential without gaps, per issuer
  and year ») is a counter row per kind and year, locked by the transaction that stores the
  numbered row: a rollback gives the number back, and a second transaction waits for the
  first instead of taking the same number.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from django.db import IntegrityError, models, transaction
from django.db.transaction import TransactionManagementError

from titresto.core.models import SequenceCounter

NUMBER_ATTEMPTS = 20
Model = TypeVar("Model", bound=models.Model)


def create_with_unique_number(
    create: Callable[[str], Model], generate: Callable[[], str], *, model: type[Model], field: str
) -> Model:
    """Draws random numbers until one is free; a concurrent draw of the same number retries."""
    for _attempt in range(NUMBER_ATTEMPTS):
        number = generate()
        if model._default_manager.filter(**{field: number}).exists():
            continue
        try:
            with transaction.atomic():
                return create(number)
        except IntegrityError:
            if not model._default_manager.filter(**{field: number}).exists():
                raise
    raise RuntimeError(f"no free {field} after {NUMBER_ATTEMPTS} draws")


def next_number(*, kind: str, year: int) -> int:
    """The next number of the sequence `kind` for `year`, starting at 1.

    Call it inside the transaction that stores the numbered row (outside one it refuses):
    the counter stays locked until that transaction ends, so numbers are given
    in commit order and a rolled-back number is given again.
    """
    if not transaction.get_connection().in_atomic_block:
        raise TransactionManagementError("next_number() outside a transaction could lose a number")
    # get_or_create on a locking queryset: the read locks an existing counter; a counter
    # created by two transactions at once is created by one, the other reads it (and waits).
    counter, _created = SequenceCounter.objects.select_for_update().get_or_create(
        kind=kind, year=year
    )
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return counter.last_number


@dataclass(frozen=True)
class NumberSequence:
    """A gapless sequence and the way its numbers are written: `CMD-2026-000123`."""

    kind: str
    prefix: str
    width: int = 6

    def format(self, *, year: int, number: int) -> str:
        return f"{self.prefix}-{year}-{number:0{self.width}d}"

    def next(self, *, year: int) -> str:
        return self.format(year=year, number=next_number(kind=self.kind, year=year))
