"""The downloadable report: the issues as a CSV that French Excel opens as it is.

« ; », UTF-8 with BOM, every cell defused against formulas (beneficiaries' export rules), errors
first; a last line says how many issues past the first 1 000 were not listed.
"""

from collections.abc import Iterator

from django.utils.translation import gettext as _

from titresto.beneficiaries.export import csv_chunks
from titresto.orders.orderfile.issues import Issue, Severity
from titresto.orders.orderfile.report import ValidationReport


def report_csv_chunks(report: ValidationReport) -> Iterator[bytes]:
    return csv_chunks(_rows(report))


def _rows(report: ValidationReport) -> Iterator[list[str]]:
    yield [_("ligne"), _("colonne"), _("gravité"), _("code"), _("message")]
    for issue in [*report.errors, *report.warnings]:
        yield _row(issue)
    if report.errors_not_kept:
        yield [
            "",
            "",
            _("erreur"),
            "",
            _(
                "… et %(count)s autres erreurs non listées : corrigez "
                "celles-ci puis déposez de nouveau le fichier."
            )
            % {"count": report.errors_not_kept},
        ]
    if report.warnings_not_kept:
        yield [
            "",
            "",
            _("avertissement"),
            "",
            _("… et %(count)s autres avertissements non listés.")
            % {"count": report.warnings_not_kept},
        ]


def _row(issue: Issue) -> list[str]:
    severity = _("erreur") if issue.severity is Severity.ERROR else _("avertissement")
    line = "" if issue.line is None else str(issue.line)
    return [line, issue.column or "", severity, issue.code, issue.message]
