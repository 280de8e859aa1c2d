"""Form plumbing shared by every page: Bootstrap classes, widths that fit, errors tied to their fields.

Every form of the portal uses `PortalBoundField` (through `PortalForm`, `PortalModelForm` or
`bound_field_class`), so a rule written here holds on every page: the control's width, its
`aria-describedby`, its French messages.
"""

import datetime as dt
import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms.boundfield import BoundField
from django.utils.translation import gettext_lazy as _

EMAIL_ERROR = _("Saisissez une adresse e-mail valide (ex. prenom.nom@entreprise.fr).")
DATE_FORMAT_ERROR = _("Saisissez la date au format JJ/MM/AAAA (ex. 14/07/1985).")
DATE_IMPOSSIBLE_ERROR = _("Le %(date)s n'existe pas : vérifiez le jour et le mois.")

# Widths named by what they hold; app.css turns each into a max-width in characters.
WIDTHS = ("xs", "sm", "md", "lg", "full")


def _width_for(field: forms.Field) -> str:
    """A control as wide as what it holds: a postcode is not a street, a date is not a name."""
    widget = field.widget
    if isinstance(widget, forms.Textarea):
        return "full"
    if isinstance(field, forms.DateField):
        return "sm"
    if isinstance(field, forms.IntegerField | forms.DecimalField):
        return "sm"
    if isinstance(widget, forms.Select | forms.SelectMultiple) or isinstance(
        field, forms.EmailField
    ):
        return "lg"
    max_length = getattr(field, "max_length", None)
    if max_length is None:
        return "lg"
    if max_length <= 6:
        return "xs"
    if max_length <= 14:
        return "sm"
    if max_length <= 24:
        return "md"
    return "lg"


class PortalBoundField(BoundField):
    @property
    def width(self) -> str:
        """The field's width class: the form's `field_widths` when it says so, else from its type."""
        chosen = getattr(self.form, "field_widths", {}).get(self.name)
        return chosen if chosen in WIDTHS else _width_for(self.field)

    def build_widget_attrs(self, attrs: dict[str, Any], widget: Any = None) -> dict[str, Any]:
        attrs = super().build_widget_attrs(attrs, widget)
        widget = widget or self.field.widget
        if isinstance(widget, forms.CheckboxInput):
            css = "form-check-input"
        elif isinstance(widget, forms.Select | forms.SelectMultiple):
            css = f"form-select app-w-{self.width}"
        else:
            css = f"form-control app-w-{self.width}"
        attrs["class"] = f"{attrs.get('class', '')} {css}".strip()
        # Django 5.2 already names the help and error ids; each id is said once, in that order.
        described_by = str(attrs.get("aria-describedby") or "").split()
        if self.help_text:
            described_by.append(f"{self.auto_id}_helptext")
        if self.form.is_bound and self.form.errors:
            # After a failed submit the error summary takes the focus, not the first field.
            attrs["autofocus"] = False
        if self.form.is_bound and self.errors:
            attrs["aria-invalid"] = "true"
            attrs["class"] = f"{attrs['class']} is-invalid"
            described_by.append(f"{self.auto_id}_error")
        if described_by:
            attrs["aria-describedby"] = " ".join(dict.fromkeys(described_by))
        return attrs


class FrenchDateField(forms.DateField):
    """JJ/MM/AAAA only; a date in the right shape that the calendar lacks is told as such."""

    SHAPE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
    default_error_messages = {"invalid": DATE_FORMAT_ERROR}

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault(
            "widget",
            forms.DateInput(
                format="%d/%m/%Y",
                attrs={"placeholder": "JJ/MM/AAAA", "inputmode": "numeric"},
            ),
        )
        kwargs.setdefault("help_text", _("Au format JJ/MM/AAAA."))
        super().__init__(input_formats=["%d/%m/%Y"], **kwargs)

    def to_python(self, value: Any) -> dt.date | None:
        if value in self.empty_values:
            return None
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        text = str(value).strip()
        shape = self.SHAPE.fullmatch(text)
        if shape is None:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        day, month, year = (int(part) for part in shape.groups())
        try:
            return dt.date(year, month, day)
        except ValueError as exc:
            raise ValidationError(
                DATE_IMPOSSIBLE_ERROR,
                code="date_impossible",
                params={"date": f"{day:02d}/{month:02d}/{year:04d}"},
            ) from exc


def _speak_french(form: forms.BaseForm) -> None:
    """Our wording for Django's own e-mail message (« adresse de courriel » in its French)."""
    for field in form.fields.values():
        if isinstance(field, forms.EmailField):
            field.error_messages.setdefault("invalid", EMAIL_ERROR)


class PortalForm(forms.Form):
    bound_field_class = PortalBoundField
    template_name = "core/form_fields.html"
    field_widths: dict[str, str] = {}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _speak_french(self)


class PortalModelForm(forms.ModelForm):
    bound_field_class = PortalBoundField
    template_name = "core/form_fields.html"
    field_widths: dict[str, str] = {}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _speak_french(self)
