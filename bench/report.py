"""The table `make bench` prints."""

from dataclasses import dataclass


@dataclass
class Row:
    label: str
    value: float
    unit: str
    target: float
    queries: int | None = None
    note: str = ""

    @property
    def passed(self) -> bool:
        return self.value < self.target


def print_table(
    rows: list[Row],
    query_check: tuple[bool, str] | None,
    *,
    seeded: float,
    population: int,
    runs: int,
) -> None:
    """`query_check` is None when the pages were not measured."""
    from django.db import connection

    print()
    print(
        f"titresto bench · {connection.vendor} · {population:,} beneficiaries for one client"
        f" (seeded in {seeded:.1f} s) · median of {runs} runs".replace(",", " ")
    )
    header = f"{'measure':<44} {'value':>12} {'target':>12} {'SQL':>5}  result"
    print(header)
    print("-" * len(header))
    for row in rows:
        value = f"{row.value:.1f} {row.unit}"
        target = f"< {row.target:g} {row.unit}"
        queries = "" if row.queries is None else str(row.queries)
        verdict = "PASS" if row.passed else "FAIL"
        print(f"{row.label:<44} {value:>12} {target:>12} {queries:>5}  {verdict} {row.note}")
    if query_check is not None:
        ok, detail = query_check
        label = "same SQL count at 100 000 as at 10"
        print(f"{label:<44} {detail:>31}  {'PASS' if ok else 'FAIL'}")
    print()
