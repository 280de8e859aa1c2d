"""The cells of one column, read the way the file's header placed them.

A column is looked up once per file (where its cell sits, what its header says), not once per
cell, and a text met again is one dictionary lookup: a 100 000-line file holds a few hundred
distinct dates, amounts or postcodes. Cells whose outcome together depends on their texts alone
(a line's amounts, where its card ships) are worked out once per distinct combination.
"""

from collections.abc import Callable
from operator import itemgetter
from typing import Any

from titresto.orders.orderfile.fields import Problem
from titresto.orders.orderfile.issues import IssueLog

# A cell read: (given, value, problem). given is False for an empty or absent cell; value is
# None when the cell is given but wrong.
Answer = tuple[bool, Any, Problem | None]
NOT_GIVEN: Answer = (False, None, None)
# An error for IssueLog.error, the line put aside: (column, code, template, params).
Error = tuple[str, str, Any, Any]


class Answers(dict[str, Answer]):
    """A parser's answers by text, each worked out at its first sight; a text met again is a
    plain dictionary lookup."""

    def __init__(self, parse: Callable[[str], tuple[Any, Problem | None]]) -> None:
        super().__init__({"": NOT_GIVEN})
        self.parse = parse

    def __missing__(self, text: str) -> Answer:
        answer = self[text] = (True, *self.parse(text))
        return answer


class FreshAnswers(Answers):
    """For a column whose texts differ on every line (matricules, e-mails): answers are not
    kept, they would only be a second copy of the column."""

    def __missing__(self, text: str) -> Answer:
        return (True, *self.parse(text))


class Cell:
    """One column as this file has it: where its cell sits in a row, its header as written
    (what a message calls it), and its parser's answers."""

    __slots__ = ("answers", "header", "log", "name", "position")

    def __init__(
        self, *, name: str, header: str, position: int, answers: Answers, log: IssueLog
    ) -> None:
        self.name = name
        self.header = header
        self.position = position
        self.answers = answers
        self.log = log

    def read(self, line: int, cells: list[str]) -> Answer:
        """The cell's answer; a wrong cell's problem is logged at each line that holds it."""
        answer = self.answers[cells[self.position]]
        problem = answer[2]
        if problem is not None:
            code, template, params = problem
            self.log.error(line, self.header, code, template, params)
        return answer


class AbsentCell:
    """A column the file does not have: its cell is empty on every line."""

    __slots__ = ("header", "name")

    def __init__(self, name: str) -> None:
        self.name = name
        self.header = name

    def read(self, line: int, cells: list[str]) -> Answer:
        return NOT_GIVEN


class CellGroup:
    """Cells whose outcome together depends on their texts alone. `work_out` gets their
    answers and returns (value, errors) once per distinct texts; the errors, in the order the
    line's checks make them, are logged again at each line that holds those texts."""

    __slots__ = ("cells", "log", "outcomes", "texts", "work_out")

    def __init__(
        self,
        cells: tuple[Cell | AbsentCell, ...],
        *,
        work_out: Callable[..., tuple[Any, list[Error]]],
        log: IssueLog,
    ) -> None:
        self.cells = cells
        self.texts = _texts_at([cell.position for cell in cells if isinstance(cell, Cell)])
        self.work_out = work_out
        self.log = log
        self.outcomes: dict[tuple[str, ...], tuple[Any, list[Error]]] = {}

    def read(self, line: int, cells: list[str]) -> Any:
        texts = self.texts(cells)
        outcome = self.outcomes.get(texts)
        if outcome is None:
            outcome = self.outcomes[texts] = self.work_out(*self._answers(texts))
        value, errors = outcome
        for column, code, template, params in errors:
            self.log.error(line, column, code, template, params)
        return value

    def _answers(self, texts: tuple[str, ...]) -> list[Answer]:
        given = iter(texts)
        return [
            cell.answers[next(given)] if isinstance(cell, Cell) else NOT_GIVEN
            for cell in self.cells
        ]


def _texts_at(positions: list[int]) -> Callable[[list[str]], tuple[str, ...]]:
    """The texts at these positions of a row, always as a tuple (itemgetter of one position
    gives the bare text, of none is not allowed)."""
    if len(positions) > 1:
        return itemgetter(*positions)
    if positions:
        (position,) = positions
        return lambda cells: (cells[position],)
    return lambda cells: ()
