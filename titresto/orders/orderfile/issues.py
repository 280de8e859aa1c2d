"""What a check found in an order file: one issue per problem, at the line and column Excel shows.

Messages are formatted only for the issues that are kept: a file of 100 000 bad lines costs a
counter increment per issue past the first 1 000, not a translated sentence each.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.utils.functional import Promise

MAX_KEPT = 1000
VALUE_SHOWN = 40  # a quoted cell never makes a message longer than a line of the report


class Severity(StrEnum):
    ERROR = "ERROR"
    WARNING = "WARNING"


@dataclass(frozen=True, slots=True)
class Issue:
    """`line` as Excel numbers it (the header is line 1), None for the file as a whole;
    `column` the header's name as written in the file, None when no column is concerned."""

    line: int | None
    column: str | None
    code: str
    severity: Severity
    message: str

    def as_dict(self) -> dict[str, object]:
        return {
            "line": self.line,
            "column": self.column,
            "code": self.code,
            "message": self.message,
        }


def shown(value: str) -> str:
    """A cell's text as quoted in a message: cut short, so a pasted paragraph stays readable."""
    return value if len(value) <= VALUE_SHOWN else value[: VALUE_SHOWN - 1] + "…"


class IssueLog:
    """Keeps the first MAX_KEPT errors and warnings each, and counts the rest."""

    def __init__(self, limit: int = MAX_KEPT) -> None:
        self.limit = limit
        self.errors: list[Issue] = []
        self.warnings: list[Issue] = []
        self.error_count = 0
        self.warning_count = 0

    def error(
        self,
        line: int | None,
        column: str | None,
        code: str,
        template: str | Promise,
        params: Mapping[str, object] | None = None,
    ) -> None:
        self.error_count += 1
        self._keep(self.errors, line, column, code, Severity.ERROR, template, params)

    def warning(
        self,
        line: int | None,
        column: str | None,
        code: str,
        template: str | Promise,
        params: Mapping[str, object] | None = None,
    ) -> None:
        self.warning_count += 1
        self._keep(self.warnings, line, column, code, Severity.WARNING, template, params)

    def _keep(self, kept: list[Issue], *issue: Any) -> None:
        # Past the limit an issue is only counted; the report says how many were not listed.
        if len(kept) < self.limit:
            kept.append(_issue(*issue))


def _issue(
    line: int | None,
    column: str | None,
    code: str,
    severity: Severity,
    template: str | Promise,
    params: Mapping[str, object] | None,
) -> Issue:
    text = str(template)
    message = text % params if params else text
    return Issue(line=line, column=column, code=code, severity=severity, message=message)
