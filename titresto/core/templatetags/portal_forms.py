"""The error summary of a form: every error of the round, each a link to its field."""

from dataclasses import dataclass
from typing import Any

from django import forms, template

register = template.Library()


@dataclass(frozen=True)
class SummaryEntry:
    message: str
    field_id: str = ""
    label: str = ""


def summary_entries(form: forms.BaseForm) -> list[SummaryEntry]:
    """Errors in the page's reading order: the form's own first, then field by field."""
    entries = [SummaryEntry(str(message)) for message in form.non_field_errors()]
    for field in form:
        for message in field.errors:
            if field.is_hidden:
                entries.append(SummaryEntry(str(message)))
            else:
                entries.append(SummaryEntry(str(message), field.id_for_label, str(field.label)))
    return entries


@register.inclusion_tag("core/error_summary.html")
def error_summary(form: forms.BaseForm | None) -> dict[str, Any]:
    entries = summary_entries(form) if form is not None and form.is_bound else []
    return {"entries": entries, "count": len(entries)}
