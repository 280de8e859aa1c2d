"""The cells of one column, read the way the file's header placed it.

A column is looked up once per file (where its cell sits, what its header says), not once per
cell; a text met again is one dictionary lookup, since a 100 000-line file holds a few hundred
distinct dates, amounts or postcodes.
"""

from collections.abc import Callable
from typing import Any

from titresto.orders.orderfile.fields import Problem
from titresto.orders.orderfile.issues import IssueLog

# A cell read: (given, value, problem). given is False for an empty or absent cell; value is
# None when the cell is given but wrong.
Answer = tuple[bool, Any, Problem | None]
NOT_GIVEN: Answer = (False, None, None)


class Cell:
    """One column as this file has it: where its cell sits in a row, its header as written
    (what a message calls it), and its parser's answers by text, so that a text met again
    costs one dictionary lookup."""

    __slots__ = ("answers", "header", "log", "name", "parse", "position")

    def __init__(
        self,
        *,
        name: str,
        header: str,
        position: int,
        parse: Callable[[str], tuple[Any, Problem | None]],
        log: IssueLog,
    ) -> None:
        self.name = name
        self.header = header
        self.position = position
        self.parse = parse
        self.log = log
        self.answers: dict[str, Answer] = {}

    def read(self, line: int, cells: list[str]) -> Answer:
        """The cell's answer; a wrong cell's problem is logged at each line that holds it."""
        text = cells[self.position]
        if not text:
            return NOT_GIVEN
        answer = self.answers.get(text)
        if answer is None:
            answer = self.answers[text] = (True, *self.parse(text))
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
