from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from titresto.billing.models import Document
from titresto.billing.selectors import DocumentQuery
from titresto.core.forms import FrenchDateField, PortalForm


class DocumentSearchForm(PortalForm):
    type = forms.ChoiceField(label=_("Type de document"), required=False)
    du = FrenchDateField(label=_("Émis à partir du"), required=False)
    au = FrenchDateField(label=_("Émis jusqu'au"), required=False)
    commande = forms.CharField(label=_("Numéro de commande"), required=False, max_length=20)
    field_widths = {"du": "sm", "au": "sm", "commande": "md"}

    def __init__(self, *args: Any, kinds: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = dict(Document.Kind.choices)
        kind_field = self.fields["type"]
        assert isinstance(kind_field, forms.ChoiceField)
        kind_field.choices = [("", _("Tous")), *((kind, labels[kind]) for kind in kinds)]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("du"), data.get("au")
        if start and end and start > end:
            self.add_error("au", _("La fin de la période précède son début."))
        return data

    def to_query(self) -> DocumentQuery:
        data = self.cleaned_data if self.is_valid() else {}
        return DocumentQuery(
            kind=data.get("type", ""),
            issued_from=data.get("du"),
            issued_to=data.get("au"),
            order_number=data.get("commande", ""),
        )
