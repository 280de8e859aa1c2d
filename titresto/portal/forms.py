from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from titresto.clients.models import Contact
from titresto.clients.services import ContactData
from titresto.core.forms import FrenchDateField, PortalForm
from titresto.delivery.forms import VersionedForm
from titresto.delivery.validators import validate_phone
from titresto.portal.journal import KINDS, JournalFilters


class ContactForm(VersionedForm):
    class Meta:
        model = Contact
        fields = ["first_name", "last_name", "email", "phone"]
        widgets = {"phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["phone"].validators.append(validate_phone)
        self.fields["first_name"].widget.attrs["autocomplete"] = "given-name"
        self.fields["last_name"].widget.attrs["autocomplete"] = "family-name"
        self.fields["email"].widget.attrs["autocomplete"] = "email"

    def to_data(self) -> ContactData:
        data = self.cleaned_data
        return ContactData(
            first_name=data["first_name"],
            last_name=data["last_name"],
            email=data["email"],
            phone=data["phone"],
        )


class JournalFilterForm(PortalForm):
    """The journal's GET form: a value it does not know drops that filter, with its error."""

    personne = forms.TypedChoiceField(label=_("Personne"), required=False, coerce=int)
    type = forms.ChoiceField(label=_("Type d'action"), required=False)
    du = FrenchDateField(label=_("Du"), required=False)
    au = FrenchDateField(label=_("Au (inclus)"), required=False)

    def __init__(self, *args: Any, people: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["personne"].choices = [("", _("Tout le monde")), *people]  # type: ignore[attr-defined]
        self.fields["type"].choices = [  # type: ignore[attr-defined]
            ("", _("Toutes")),
            *((kind.slug, kind.label) for kind in KINDS),
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("du"), data.get("au")
        if start and end and end < start:
            self.add_error("au", _("La date de fin précède la date de début : inversez-les."))
        return data

    def to_filters(self) -> JournalFilters:
        self.is_valid()  # cleaned_data keeps the fields that are right
        data = self.cleaned_data
        return JournalFilters(
            user_id=data.get("personne") or None,
            kind=data.get("type") or "",
            start=data.get("du"),
            end=data.get("au"),
        )
