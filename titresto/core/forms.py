"""Form plumbing shared by every page: Bootstrap classes and errors tied to their fields."""

from typing import Any

from django import forms
from django.forms.boundfield import BoundField


class PortalBoundField(BoundField):
    def build_widget_attrs(self, attrs: dict[str, Any], widget: Any = None) -> dict[str, Any]:
        attrs = super().build_widget_attrs(attrs, widget)
        widget = widget or self.field.widget
        if isinstance(widget, forms.CheckboxInput):
            css = "form-check-input"
        elif isinstance(widget, forms.Select | forms.SelectMultiple):
            css = "form-select"
        else:
            css = "form-control"
        attrs["class"] = f"{attrs.get('class', '')} {css}".strip()
        described_by: list[str] = (
            [str(attrs["aria-describedby"])] if attrs.get("aria-describedby") else []
        )
        if self.help_text and f"{self.auto_id}_helptext" not in described_by:
            described_by.append(f"{self.auto_id}_helptext")
        if self.form.is_bound and self.errors:
            attrs["aria-invalid"] = "true"
            attrs["class"] = f"{attrs['class']} is-invalid"
            described_by.append(f"{self.auto_id}_error")
        if described_by:
            attrs["aria-describedby"] = " ".join(described_by)
        return attrs


class PortalForm(forms.Form):
    bound_field_class = PortalBoundField
    template_name = "core/form_fields.html"


class PortalModelForm(forms.ModelForm):
    bound_field_class = PortalBoundField
    template_name = "core/form_fields.html"
